// Test reports built from the real Debian package list in fixtures/ (the same base the demo uses).
import { addFile, buildHost, editConfig, install, toReport, EXTRAS, type HostState } from "@/lib/demo/demo-hosts";
import { loadBaseImage } from "@/lib/demo/seed-demo";
import type { AgentReport } from "@/lib/core/types";

const base = loadBaseImage();

export function host(hostname: string): HostState {
  return buildHost(base, hostname, "v1");
}

export function report(h: HostState, at = new Date()): AgentReport {
  return toReport(h, base, at);
}

export { addFile, editConfig, install, EXTRAS };

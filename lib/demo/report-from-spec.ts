import "server-only";
import type { AgentReport, ConfigEntry, Package, Spec } from "@/lib/core/types";
import type { BaseImage } from "./demo-hosts";

/** What a machine freshly built from `spec` reports: exactly the pinned packages and config hashes. */
export function reportFromSpec(spec: Spec, base: BaseImage, hostname: string, machineId: string, now = new Date()): AgentReport {
  const archOf = new Map(base.packages.map((p) => [p.name, p.arch]));
  const packages: Package[] = Object.entries(spec.packages.pins).map(([key, version]) => {
    const [name, arch] = key.split(":");
    return { manager: "dpkg", name, version: version === "*" ? "0" : version, arch: arch ?? archOf.get(name) ?? "amd64" };
  });
  const owner = new Map(base.conffiles.map((c) => [c.path, c.package]));
  const configs: ConfigEntry[] = [];
  for (const [path, value] of Object.entries(spec.configs.files)) {
    if (value.startsWith("symlink:")) configs.push({ path, type: "symlink", sha256: null, target: value.slice(8) });
    else if (value !== "*") {
      const pkg = owner.get(path);
      configs.push({ path, type: "file", sha256: value, ...(pkg ? { package: pkg, modified: false } : {}) });
    }
  }
  return {
    schema: 1,
    agentVersion: "1.0.0",
    hostname,
    machineId,
    collectedAt: now.toISOString(),
    os: { ...base.os, id: spec.os?.id ?? base.os.id, versionId: spec.os?.versionId ?? base.os.versionId, kernel: "6.1.0-31-amd64" },
    packages,
    configs,
  };
}

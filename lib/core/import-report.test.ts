import { describe, expect, it } from "vitest";
import { agentPath, ImportProblem, toAgentReport, type Imported } from "./import-report";
import { parseReport } from "./parse-report";

const now = new Date("2026-11-30T12:00:00Z");
const base: Imported = {
  hostname: "web-01",
  machineId: null,
  os: { id: "Debian", versionId: "12" },
  packages: [
    { manager: "dpkg", name: "bash", version: "5.2.15-2+b8", arch: "amd64" },
    { manager: "dpkg", name: "adduser", version: "3.134", arch: "all" },
    { manager: "dpkg", name: "bash", version: "5.2.15-2+b8", arch: "amd64" },
  ],
  configs: [],
  configsCollected: false,
};

describe("toAgentReport", () => {
  it("writes a schema-1 report the agent's parser accepts: sorted, deduplicated, the native arch from the packages", () => {
    const r = toAgentReport(base, "cyclonedx", { now });
    expect(r).toMatchObject({ schema: 1, agentVersion: "import-cyclonedx", hostname: "web-01", collectedAt: "2026-11-30T12:00:00.000Z" });
    expect(r.os).toEqual({ id: "debian", versionId: "12", prettyName: "debian 12", kernel: null, arch: "amd64" });
    expect(r.packages.map((p) => p.name)).toEqual(["adduser", "bash"]);
    expect(parseReport(r).ok).toBe(true);
  });

  it("lets the request name the host, and refuses a body that names none", () => {
    expect(toAgentReport(base, "spdx", { now, hostname: "img-1" }).hostname).toBe("img-1");
    expect(() => toAgentReport({ ...base, hostname: null }, "spdx", { now })).toThrow(/add &hostname=NAME/);
  });

  it("refuses a body without OS packages", () => {
    expect(() => toAgentReport({ ...base, packages: [] }, "spdx", { now })).toThrow(ImportProblem);
  });

  it("refuses one path with two contents", () => {
    const configs = [
      { path: "/etc/a", type: "file" as const, sha256: "a".repeat(64) },
      { path: "/etc/a", type: "file" as const, sha256: "b".repeat(64) },
    ];
    expect(() => toAgentReport({ ...base, configs }, "osquery", { now })).toThrow(/listed twice/);
  });
});

describe("agentPath", () => {
  it("escapes newline, tab and backslash as the agent does", () => {
    expect(agentPath("/etc/a\tb\nc\\d")).toBe("/etc/a\\tb\\nc\\\\d");
  });
});

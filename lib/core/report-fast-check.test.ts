import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { agentReportSchema } from "./parse-report";
import { isPlainValidReport } from "./report-fast-check";

const real = JSON.parse(fs.readFileSync("fixtures/debian-12/report.json", "utf8"));
const pkg = real.packages[0];
const cfg = real.configs[0];

// Each case: a report the fast path must not accept unless the schema does.
const cases: [string, unknown][] = [
  ["the real report", real],
  ["schema 2", { ...real, schema: 2 }],
  ["a bad hostname", { ...real, hostname: "web 01" }],
  ["no collectedAt offset", { ...real, collectedAt: "2026-11-30T09:00:00" }],
  ["month 13", { ...real, collectedAt: "2026-13-30T09:00:00Z" }],
  ["a null machineId", { ...real, machineId: null }],
  ["a control character in prettyName", { ...real, os: { ...real.os, prettyName: "Debian\n" } }],
  ["a null kernel", { ...real, os: { ...real.os, kernel: null } }],
  ["an empty versionId", { ...real, os: { ...real.os, versionId: "" } }],
  ["an unknown manager", { ...real, packages: [{ ...pkg, manager: "pip" }] }],
  ["a space in a version", { ...real, packages: [{ ...pkg, version: "1 2" }] }],
  ["an empty arch", { ...real, packages: [{ ...pkg, arch: "" }] }],
  ["a relative path", { ...real, configs: [{ ...cfg, path: "etc/x" }] }],
  ["a NUL in a path", { ...real, configs: [{ ...cfg, path: "/etc/x\u0000" }] }],
  ["a right-to-left override in a path", { ...real, configs: [{ ...cfg, path: "/etc/cron.d/\u202Ehs.exe" }] }],
  ["a newline in a path", { ...real, configs: [{ ...cfg, path: "/etc/a\nb" }] }],
  ["an escaped newline in a path", { ...real, configs: [{ ...cfg, path: "/etc/a\\nb\\\\c" }] }],
  ["a C1 control in a path", { ...real, configs: [{ ...cfg, path: "/etc/a\u0085" }] }],
  ["an unpaired surrogate in a path", { ...real, configs: [{ ...cfg, path: "/etc/\ud800" }] }],
  ["an emoji in a path", { ...real, configs: [{ ...cfg, path: "/etc/\ud83d\ude00" }] }],
  ["an isolate in a symlink target", { ...real, configs: [{ path: "/etc/l", type: "symlink", sha256: null, target: "/x\u2066" }] }],
  ["a line separator in prettyName", { ...real, os: { ...real.os, prettyName: "Debian\u2028" } }],
  ["a left-to-right mark in a package name", { ...real, packages: [{ ...pkg, name: "bash\u200e" }] }],
  ["a tab in a version", { ...real, packages: [{ ...pkg, version: "1\t2" }] }],
  ["an upper-case sha256", { ...real, configs: [{ ...cfg, sha256: cfg.sha256?.toUpperCase() ?? "A".repeat(64) }] }],
  ["an unreadable file", { ...real, configs: [{ path: "/etc/shadow", type: "file", sha256: null }] }],
  ["a symlink without target", { ...real, configs: [{ path: "/etc/l", type: "symlink", sha256: null }] }],
  ["a symlink", { ...real, configs: [{ path: "/etc/l", type: "symlink", sha256: null, target: "/x" }] }],
  ["a null package", { ...real, configs: [{ ...cfg, package: null }] }],
  ["a string modified", { ...real, configs: [{ ...cfg, modified: "yes" }] }],
  ["a duplicate path", { ...real, configs: [cfg, cfg] }],
  ["a missing type", { ...real, configs: [{ path: "/etc/x", sha256: null }] }],
  ["packages not an array", { ...real, packages: {} }],
  ["an image", { ...real, image: { digest: `sha256:${"0".repeat(64)}`, tag: "web:1", format: "oci" } }],
  ["an untagged docker-archive image", { ...real, image: { digest: `sha256:${"0".repeat(64)}`, tag: null, format: "docker-archive" } }],
  ["an image digest without its algorithm", { ...real, image: { digest: "0".repeat(64), tag: null, format: "oci" } }],
  ["an unknown image format", { ...real, image: { digest: `sha256:${"0".repeat(64)}`, tag: null, format: "rootfs" } }],
  ["an image tag with a space", { ...real, image: { digest: `sha256:${"0".repeat(64)}`, tag: "web 1", format: "oci" } }],
  ["an image without a tag field", { ...real, image: { digest: `sha256:${"0".repeat(64)}`, format: "oci" } }],
  ["an image that is a string", { ...real, image: "oci" }],
  ["collector errors", { ...real, collectorErrors: [{ collector: "rpm", message: "rpm database unreadable: x" }] }],
  ["a bidi mark in a collector error", { ...real, collectorErrors: [{ collector: "rpm", message: "x\u202e" }] }],
  ["null collector errors", { ...real, collectorErrors: null }],
];

describe("isPlainValidReport", () => {
  it.each(cases)("accepts %s only if the schema does", (_, report) => {
    if (isPlainValidReport(report)) expect(agentReportSchema.safeParse(report).success).toBe(true);
  });

  it("hands unsafe characters to the schema, which words the error", () => {
    const unsafe = cases.filter(([n]) => /override|newline in|C1|unpaired|isolate|separator|mark|tab/.test(n) && !/escaped/.test(n));
    expect(unsafe.length).toBeGreaterThanOrEqual(5); // renaming the cases must not empty this check
    for (const [name, report] of unsafe) {
      expect([name, isPlainValidReport(report)]).toEqual([name, false]);
      expect([name, agentReportSchema.safeParse(report).success]).toEqual([name, false]);
    }
  });

  it("accepts the real agent report (the fast path is taken for real reports)", () => {
    expect(isPlainValidReport(real)).toBe(true);
  });

  it("leaves every image report to the schema, which keeps a good image and refuses a malformed one", () => {
    const named = (n: string) => cases.find(([c]) => c === n)?.[1];
    for (const n of ["an image", "an untagged docker-archive image"]) {
      expect([n, isPlainValidReport(named(n))]).toEqual([n, false]);
      expect([n, agentReportSchema.safeParse(named(n)).success]).toEqual([n, true]);
    }
    for (const n of ["an image digest without its algorithm", "an unknown image format", "an image tag with a space", "an image without a tag field", "an image that is a string"]) {
      expect([n, isPlainValidReport(named(n))]).toEqual([n, false]);
      expect([n, agentReportSchema.safeParse(named(n)).success]).toEqual([n, false]);
    }
  });
});

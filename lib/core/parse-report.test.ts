import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { identify } from "./canonical";
import { parseDpkgStatus } from "./parse-dpkg";
import { REPORT_LIMITS, agentReportSchema, formatIssuePath, parseReport } from "./parse-report";
import type { AgentReport } from "./types";

// The shape the agent prints for a Debian 12 web server (a few entries of each kind).
const REPORT: AgentReport = {
  schema: 1,
  agentVersion: "1.0.0",
  hostname: "web-03.prod",
  machineId: "3d1219c7c4c5404aaa1f6d2a48adfda4",
  collectedAt: "2025-06-02T03:17:44Z",
  os: { id: "debian", versionId: "12", prettyName: "Debian GNU/Linux 12 (bookworm)", kernel: "6.1.0-37-amd64", arch: "amd64" },
  packages: [
    { manager: "dpkg", name: "apache2", version: "2.4.62-1~deb12u2", arch: "amd64" },
    { manager: "dpkg", name: "libc6", version: "2.36-9+deb12u10", arch: "i386" },
    { manager: "dpkg", name: "tzdata", version: "2025b-0+deb12u1", arch: "all" },
  ],
  configs: [
    {
      path: "/etc/apache2/apache2.conf",
      type: "file",
      sha256: "0a6e3c8b1f0e2e9b04c8d5b3f62b4b8f59f6ad3b1d4f1c0e59f4b3c2a1d0e9f8",
      package: "apache2",
      modified: true,
    },
    { path: "/etc/php/8.2/apache2/php.ini", type: "file", sha256: "7f4c2d1e0b9a8f7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b3a29180f7e" },
    { path: "/etc/shadow", type: "file", sha256: null },
    { path: "/etc/apache2/sites-enabled/000-default.conf", type: "symlink", sha256: null, target: "../sites-available/000-default.conf" },
  ],
};

const withPatch = (patch: (r: Record<string, any>) => void) => {
  const copy = structuredClone(REPORT) as Record<string, any>;
  patch(copy);
  return copy;
};

describe("parseReport", () => {
  it("accepts what the agent sends", () => {
    expect(parseReport(REPORT)).toEqual({ ok: true, report: REPORT });
    expect(parseReport({ ...REPORT, machineId: null, os: { ...REPORT.os, kernel: null } }).ok).toBe(true);
    expect(parseReport({ ...REPORT, collectedAt: "2025-06-02T05:17:44.120+02:00" }).ok).toBe(true);
  });

  it("names the field a person has to fix", () => {
    const result = parseReport(withPatch((r) => delete r.packages[2].version));
    expect(result).toEqual({ ok: false, error: "packages[2].version: required" });
  });

  it("explains wrong types, values and formats", () => {
    const error = (patch: (r: Record<string, any>) => void) => {
      const result = parseReport(withPatch(patch));
      return result.ok ? "" : result.error;
    };
    expect(error((r) => (r.schema = 2))).toBe("schema: unsupported schema version: this server reads schema 1");
    expect(error((r) => (r.hostname = "web 03"))).toMatch(/^hostname: only letters, digits/);
    expect(error((r) => (r.hostname = "a".repeat(254)))).toBe("hostname: at most 253 characters");
    expect(error((r) => (r.configs[0].sha256 = "ABC"))).toBe("configs[0].sha256: must be 64 lowercase hex characters (sha256)");
    expect(error((r) => (r.configs[1].path = "etc/php.ini"))).toBe("configs[1].path: must be an absolute path (start with /)");
    expect(error((r) => (r.configs[1].path = "/etc/a\u0000b"))).toBe("configs[1].path: contains a control or bidirectional character (U+0000)");
    expect(error((r) => (r.configs[3].sha256 = "a".repeat(64)))).toBe("configs[3].sha256: must be null for a symlink");
    expect(error((r) => delete r.configs[3].target)).toBe("configs[3].target: required for a symlink (the link text)");
    expect(error((r) => (r.configs[2].type = "dir"))).toBe('configs[2].type: must be "file" or "symlink"');
    expect(error((r) => (r.packages[0].manager = "yum"))).toBe("packages[0].manager: must be one of dpkg, rpm, apk");
    expect(error((r) => (r.packages[0].version = 2))).toBe("packages[0].version: expected string, got a number");
    expect(error((r) => (r.packages[0].name = ""))).toBe("packages[0].name: must not be empty");
    expect(error((r) => (r.collectedAt = "yesterday"))).toMatch(/^collectedAt: must be an ISO 8601 date-time/);
    expect(error((r) => (r.machineId = "not a machine id"))).toMatch(/^machineId: 1-128 letters/);
    expect(error((r) => (r.configs[2].path = r.configs[1].path))).toBe("configs[2].path: duplicate of configs[1].path");
  });

  it("refuses control and bidirectional characters in every string a person reads, naming the field and character", () => {
    const error = (patch: (r: Record<string, any>) => void) => {
      const result = parseReport(withPatch(patch));
      return result.ok ? "" : result.error;
    };
    const bidi = "contains a control or bidirectional character (U+202E)";
    expect(error((r) => (r.configs[1].path = "/etc/cron.d/\u202Ehs.exe"))).toBe(`configs[1].path: ${bidi}`);
    expect(error((r) => (r.configs[3].target = "../x\u202E"))).toBe(`configs[3].target: ${bidi}`);
    expect(error((r) => (r.configs[0].package = "apache2\u202E"))).toBe(`configs[0].package: ${bidi}`);
    expect(error((r) => (r.packages[1].name = "libc6\u2066"))).toBe("packages[1].name: contains a control or bidirectional character (U+2066)");
    expect(error((r) => (r.packages[1].version = "2.36\t9"))).toBe("packages[1].version: contains a control or bidirectional character (U+0009)");
    expect(error((r) => (r.packages[1].arch = "i386\u0085"))).toBe("packages[1].arch: contains a control or bidirectional character (U+0085)");
    expect(error((r) => (r.os.prettyName = "Debian\u2028"))).toBe("os.prettyName: contains a control or bidirectional character (U+2028)");
    expect(error((r) => (r.hostname = "web\u200F03"))).toBe("hostname: contains a control or bidirectional character (U+200F)");
    expect(error((r) => (r.configs[1].path = "/etc/\ud800"))).toBe("configs[1].path: contains an unpaired surrogate (U+D800), which is not text");
    expect(error((r) => (r.packages[0].version = "1 2"))).toBe("packages[0].version: version must not contain spaces");
  });

  it("keeps escaped names, other scripts and emoji", () => {
    const report = withPatch((r) => {
      r.configs[1].path = "/etc/tab\\there\\nnewline\\\\slash";
      r.configs[2].path = "/srv/caf\u00e9/\u65e5\u672c\ud83d\ude00.conf";
    });
    expect(parseReport(report).ok).toBe(true);
  });

  it("reports the top level and caps the list of problems", () => {
    expect(parseReport(null)).toEqual({ ok: false, error: "(report): expected an object, got null" });
    expect(parseReport("{}")).toEqual({ ok: false, error: "(report): expected an object, got a string" });
    const result = parseReport({});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toBe("schema: required; agentVersion: required; hostname: required; machineId: required; collectedAt: required (and 3 more)");
  });

  it("enforces the size limits", () => {
    const pkg = REPORT.packages[0];
    const tooMany = { ...REPORT, packages: Array.from({ length: REPORT_LIMITS.packages + 1 }, () => pkg) };
    expect(parseReport(tooMany)).toEqual({ ok: false, error: "packages: at most 50000 packages" });
    const longPath = withPatch((r) => (r.configs[1].path = "/" + "a".repeat(REPORT_LIMITS.path)));
    expect(parseReport(longPath)).toEqual({ ok: false, error: "configs[1].path: at most 4096 characters" });
  });

  it("keeps the image of an image report, checks its shape, and leaves it out of the fingerprint hash", () => {
    const image = { digest: `sha256:${"ab".repeat(32)}`, tag: "registry.example.com/web:1.4", format: "oci" as const };
    const parsed = parseReport({ ...REPORT, image });
    expect(parsed).toEqual({ ok: true, report: { ...REPORT, image } });
    expect(parseReport({ ...REPORT, image: { ...image, tag: null, format: "docker-archive" } }).ok).toBe(true);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(identify(parsed.report).hash).toBe(identify(REPORT).hash);
    expect(parseReport({ ...REPORT, image: { ...image, digest: "ab".repeat(32) } })).toEqual({
      ok: false,
      error: 'image.digest: must be "sha256:" and 64 lowercase hex characters',
    });
    expect(parseReport({ ...REPORT, image: { ...image, format: "rootfs" } })).toEqual({ ok: false, error: "image.format: must be one of oci, docker-archive" });
    expect(parseReport({ ...REPORT, image: { ...image, tag: "web 1" } })).toEqual({
      ok: false,
      error: "image.tag: must not contain spaces or control characters; image.tag: an image reference such as registry.example.com/web:2026-11-30 (letters, digits and . _ - / : @)",
    });
    expect(parseReport({ ...REPORT, image: { digest: image.digest, format: "oci" } })).toEqual({ ok: false, error: "image.tag: required" });
    expect(parseReport({ ...REPORT, image: "oci" })).toEqual({ ok: false, error: "image: expected an object, got a string" });
  });

  it("drops unknown fields rather than failing newer agents", () => {
    const result = parseReport({ ...REPORT, uptime: 1234 });
    expect(result.ok && "uptime" in result.report).toBe(false);
  });
});

describe("agentReportSchema", () => {
  it("is a zod schema usable by the route and the OpenAPI document", () => {
    expect(agentReportSchema.safeParse(REPORT).success).toBe(true);
    const json = z.toJSONSchema(agentReportSchema) as { required: string[]; properties: Record<string, { maxItems?: number }> };
    expect(json.required).toEqual(["schema", "agentVersion", "hostname", "machineId", "collectedAt", "os", "packages", "configs"]);
    expect(json.properties.packages.maxItems).toBe(REPORT_LIMITS.packages);
    expect(json.properties.configs.maxItems).toBe(REPORT_LIMITS.configs);
  });
});

describe("collectorErrors", () => {
  const rpm = { collector: "rpm", message: "rpm database unreadable: /var/lib/rpm/Packages: not a berkeley db hash/btree database" };

  it("are optional and kept as sent; null and [] mean every source was read", () => {
    expect(parseReport(REPORT)).toMatchObject({ ok: true, report: expect.not.objectContaining({ collectorErrors: expect.anything() }) });
    expect(parseReport({ ...REPORT, collectorErrors: [rpm] })).toMatchObject({ ok: true, report: { collectorErrors: [rpm] } });
    for (const none of [null, []]) expect(parseReport({ ...REPORT, collectorErrors: none }).ok).toBe(true);
  });

  it("are refused past their limits with the field named", () => {
    const many = Array.from({ length: REPORT_LIMITS.collectorErrors + 1 }, () => rpm);
    expect(parseReport({ ...REPORT, collectorErrors: many })).toEqual({ ok: false, error: "collectorErrors: at most 10 entries" });
    const long = { ...rpm, message: "x".repeat(REPORT_LIMITS.collectorMessage + 1) };
    expect(parseReport({ ...REPORT, collectorErrors: [long] })).toEqual({ ok: false, error: "collectorErrors[0].message: at most 500 characters" });
    expect(parseReport({ ...REPORT, collectorErrors: [{ ...rpm, collector: "RPM DB" }] })).toMatchObject({ ok: false, error: expect.stringMatching(/^collectorErrors\[0\]\.collector: /) });
    expect(parseReport({ ...REPORT, collectorErrors: [{ collector: "rpm" }] })).toEqual({ ok: false, error: "collectorErrors[0].message: required" });
    expect(parseReport({ ...REPORT, collectorErrors: [{ ...rpm, message: "a\nb" }] })).toMatchObject({ ok: false, error: expect.stringMatching(/^collectorErrors\[0\]\.message: /) });
  });
});

describe("formatIssuePath", () => {
  it("writes array indexes in brackets", () => {
    expect(formatIssuePath(["configs", 12, "target"])).toBe("configs[12].target");
    expect(formatIssuePath([])).toBe("(report)");
  });
});

describe("fixtures/debian-12/report.json", () => {
  it("is a valid report of the fixture status", () => {
    const dir = path.resolve(__dirname, "../../fixtures/debian-12");
    const result = parseReport(JSON.parse(fs.readFileSync(path.join(dir, "report.json"), "utf8")));
    if (!result.ok) throw new Error(result.error);
    const status = parseDpkgStatus(fs.readFileSync(path.join(dir, "status"), "utf8"));
    const key = (p: { name: string; arch: string; version: string }) => `${p.name}:${p.arch}=${p.version}`;
    expect(result.report.packages.map(key).sort()).toEqual(status.packages.map(key).sort());
    const owners = new Map(status.conffiles.map((c) => [c.path, c.package]));
    for (const entry of result.report.configs.filter((c) => c.package)) expect(entry.package).toBe(owners.get(entry.path));
    expect(result.report.configs.find((c) => c.path === "/etc/apache2/apache2.conf")).toMatchObject({ package: "apache2", modified: false });
  });
});

describe("the image field (fleetprint-agent --image --print)", () => {
  const image = { digest: `sha256:${"ab".repeat(32)}`, tag: "registry.example.com/web:2026-11-30", format: "oci" };

  it("is kept when valid, and absent from reports that do not carry it", () => {
    const r = parseReport({ ...REPORT, image });
    expect(r.ok && r.report.image).toEqual(image);
    const plain = parseReport(REPORT);
    expect(plain.ok && "image" in plain.report).toBe(false);
  });

  it("is refused with the field named when its digest, tag or format is wrong", () => {
    const bad = parseReport({ ...REPORT, image: { ...image, digest: "sha256:XYZ" } });
    expect(!bad.ok && bad.error).toMatch(/^image\.digest: must be "sha256:"/);
    const tag = parseReport({ ...REPORT, image: { ...image, tag: "web latest" } });
    expect(!tag.ok && tag.error).toMatch(/^image\.tag: must not contain spaces/);
    const format = parseReport({ ...REPORT, image: { ...image, format: "tarball" } });
    expect(!format.ok && format.error).toMatch(/^image\.format: must be one of oci, docker-archive/);
  });
});

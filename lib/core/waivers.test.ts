import { describe, expect, it } from "vitest";
import { computeDrift } from "./drift";
import { parseSpec, renderSpecYaml, specFromFingerprint } from "./spec";
import { deb, OPENSSL, PHP_INI, plainFile, webHost, withConfigs, withPackages } from "./test-fixtures";
import { expiriesBetween, isDate, isWaiverActive, waivedBy, waiverExpiresAt, waiverTargetOf, withoutWaiver, withWaiver } from "./waivers";

const golden = webHost();
const base = specFromFingerprint(golden);
const drifted = withConfigs(withPackages(golden, deb("openssl", "3.0.18-1~deb12u1"), deb("strace", "6.1-0.1")), plainFile(PHP_INI, "memory_limit = 512M"));
const day = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe("waiver dates", () => {
  it("accepts real calendar dates only", () => {
    expect(isDate("2026-12-31")).toBe(true);
    expect(isDate("2026-02-30")).toBe(false);
    expect(isDate("31.12.2026")).toBe(false);
  });

  it("holds through the last day named, in UTC", () => {
    expect(waiverExpiresAt({ until: "2026-12-31" })?.toISOString()).toBe("2027-01-01T00:00:00.000Z");
    expect(isWaiverActive({ until: "2026-12-31" }, new Date("2026-12-31T23:59:59Z"))).toBe(true);
    expect(isWaiverActive({ until: "2026-12-31" }, new Date("2027-01-01T00:00:00Z"))).toBe(false);
    expect(isWaiverActive({}, new Date("2999-01-01"))).toBe(true);
  });

  it("lists the expiries that fell between two looks", () => {
    const ws = [{ path: "/a", reason: "r", until: "2026-01-01" }, { package: "b", reason: "r", until: "2026-03-01" }, { package: "c", reason: "r" }];
    expect(expiriesBetween(ws, day("2026-01-05"), day("2026-06-01")).map((d) => d.toISOString())).toEqual(["2026-03-02T00:00:00.000Z"]);
    expect(expiriesBetween(ws, day("2026-03-05"), day("2026-06-01"))).toEqual([]);
  });
});

describe("waivers in the spec YAML", () => {
  const yaml = `packages:\n  pins: {}\nignore:\n  - /etc/hostname\n  - package: openssl\n    reason: CVE fix ahead of the image\n    until: 2026-12-31\n  - path: /etc/php/**\n    reason: tuning trial\n`;

  it("keeps plain globs in ignore and puts mappings in waivers", () => {
    const r = parseSpec(yaml);
    expect(r.ok && r.spec.ignore).toEqual(["/etc/hostname"]);
    expect(r.ok && r.spec.waivers).toEqual([
      { package: "openssl", reason: "CVE fix ahead of the image", until: "2026-12-31" },
      { path: "/etc/php/**", reason: "tuning trial" },
    ]);
  });

  it("round-trips through renderSpecYaml", () => {
    const r = parseSpec(yaml);
    if (!r.ok) throw new Error(r.error);
    const again = parseSpec(renderSpecYaml(r.spec, { fleet: "web" }));
    expect(again.ok && again.spec).toEqual(r.spec);
  });

  it("names the entry of a bad waiver", () => {
    const r = parseSpec(`ignore:\n  - package: openssl\n    until: 2026-13-01\n  - path: etc\n    reason: x\n  - reason: nothing named\n  - 12\n`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.message)).toEqual([
      "ignore[0].reason: reason must be a string (waiver of package openssl)",
      "ignore[0].until: until must be a date written YYYY-MM-DD (waiver of package openssl)",
      "ignore[1].path: path must be an absolute path or glob (waiver of path etc)",
      "ignore[2]: a waiver names exactly one of path or package",
    ]);
    expect(r.problems.map((p) => p.path)).toEqual([["ignore", 0, "reason"], ["ignore", 0, "until"], ["ignore", 1, "path"], ["ignore", 2]]);
  });

  it("refuses unknown fields of a waiver", () => {
    const r = parseSpec(`ignore:\n  - package: openssl\n    reason: x\n    expires: 2026-01-01\n`);
    expect(!r.ok && r.error).toBe('ignore[0]: unknown field "expires" (expected path or package, reason, until, by) (waiver of package openssl)');
  });
});

describe("computeDrift with waivers", () => {
  const now = day("2026-06-01");
  const subjects = (s: typeof base) => computeDrift(drifted, s, now).map((d) => `${d.kind} ${d.subject}`);

  it("hides the items an active waiver covers, and only those", () => {
    expect(subjects(base)).toEqual(["package-extra strace", "package-version openssl", `config-changed ${PHP_INI}`]);
    const waived = withWaiver(withWaiver(base, { package: "openssl", reason: "ahead on purpose" }), { path: "/etc/php/**", reason: "trial" });
    expect(subjects(waived)).toEqual(["package-extra strace"]);
  });

  it("stops hiding once the waiver expired", () => {
    const waived = withWaiver(base, { package: "strace", reason: "debugging", until: "2026-05-31" });
    expect(subjects(waived)).toContain("package-extra strace");
    expect(computeDrift(drifted, waived, day("2026-05-31")).map((d) => d.subject)).not.toContain("strace");
  });

  it("covers every architecture of a package named without one", () => {
    const match = waivedBy([{ package: "libc6", reason: "r" }, { package: "zlib1g:i386", reason: "r" }], now);
    expect(match({ kind: "package-extra", subject: "libc6:i386" })).toBe(true);
    expect(match({ kind: "package-extra", subject: "zlib1g" })).toBe(false);
    expect(match({ kind: "config-changed", subject: "libc6" })).toBe(false);
  });

  it("plain ignore strings work as before", () => {
    expect(subjects({ ...base, ignore: [...base.ignore, "/etc/php/**"] })).toEqual(["package-extra strace", "package-version openssl"]);
  });
});

describe("withWaiver / withoutWaiver", () => {
  it("renews a waiver on the same target and removes it by target", () => {
    const once = withWaiver(base, { package: "openssl", reason: "a", until: "2026-01-01" });
    const twice = withWaiver(once, { package: "openssl", reason: "b" });
    expect(twice.waivers).toEqual([{ package: "openssl", reason: "b" }]);
    expect(withoutWaiver(twice, { package: "openssl" })?.waivers).toBeUndefined();
    expect(withoutWaiver(twice, { path: "/etc/x" })).toBeNull();
  });

  it("targets a package item by package and a config item by path", () => {
    expect(waiverTargetOf({ kind: "package-version", subject: OPENSSL })).toEqual({ package: OPENSSL });
    expect(waiverTargetOf({ kind: "config-missing", subject: PHP_INI })).toEqual({ path: PHP_INI });
  });
});

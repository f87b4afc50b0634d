import { describe, expect, it } from "vitest";
import { computeConsensus, KIND_WEIGHTS, rarity, scoreSnowflakes, SNOWFLAKE_THRESHOLD, type CohortMember } from "./snowflake";
import {
  conffile,
  deb,
  OPENSSL,
  PHP,
  PHP_INI,
  plainFile,
  symlink,
  webHost,
  withConfigs,
  withoutConfigs,
  withoutPackages,
  withPackages,
} from "./test-fixtures";
import type { Fingerprint } from "./types";

const base = webHost();
const member = (hash: string, fingerprint: Fingerprint, hosts = 1): CohortMember => ({ hash, fingerprint, hosts });
const editedIni = conffile(PHP_INI, "libapache2-mod-php8.2", "memory_limit = 2048M ; web-17 emergency", true);
const gd = [
  deb("php8.2-gd", PHP),
  deb("libgd3", "2.3.3-9"),
  deb("htop", "3.2.2-2"),
];

describe("rarity", () => {
  it("is 1 for a unique value, 0 at the majority line, linear between", () => {
    expect(rarity(1, 40)).toBe(1);
    expect(rarity(20, 40)).toBe(0);
    expect(rarity(12, 40)).toBeCloseTo(8 / 19);
    expect(rarity(1, 3)).toBe(1);
    expect(rarity(2, 3)).toBe(0);
  });
});

describe("scoreSnowflakes", () => {
  it("scores identical hosts 0", () => {
    const r = scoreSnowflakes([member("a", base, 40)]).get("a")!;
    expect(r).toEqual({ score: 0, isSnowflake: false, reasons: [] });
  });

  it("flags a host with a hand-edited php.ini unique to it in a 40-host fleet", () => {
    const result = scoreSnowflakes([member("base", base, 39), member("web-17", withConfigs(base, editedIni))]);
    const web17 = result.get("web-17")!;
    expect(web17.isSnowflake).toBe(true);
    expect(web17.score).toBe(3);
    expect(web17.reasons).toEqual([
      {
        kind: "config-edited",
        subject: PHP_INI,
        value: editedIni.sha256,
        consensus: base.configs.find((c) => c.path === PHP_INI)!.sha256,
        sharedBy: 1,
        cohort: 40,
        weight: 3,
        explain: `${PHP_INI} edited by hand; hash shared by 1 of 40 hosts`,
      },
    ]);
    expect(result.get("base")).toEqual({ score: 0, isSnowflake: false, reasons: [] });
  });

  it("does not flag 12 of 40 hosts that missed one routine upgrade", () => {
    const lagging = withPackages(base, deb("openssl", "3.0.15-1~deb12u1"));
    const result = scoreSnowflakes([member("current", base, 28), member("lagging", lagging, 12)]);
    const r = result.get("lagging")!;
    expect(r.isSnowflake).toBe(false);
    expect(r.score).toBeCloseTo(0.5 * (8 / 19), 3);
    expect(r.reasons[0]).toMatchObject({ kind: "package-version", subject: "openssl", sharedBy: 12, cohort: 40, consensus: OPENSSL });
    expect(r.reasons[0].explain).toBe(`openssl 3.0.15-1~deb12u1; 28 of 40 hosts run ${OPENSSL}`);
    expect(result.get("current")!.score).toBe(0);
  });

  it("flags a host with three unique extra packages, not one with one or two", () => {
    const cohort = [
      member("base", base, 37),
      member("three", withPackages(base, ...gd)),
      member("two", withPackages(base, deb("strace", "6.1-0.1"), deb("tcpdump", "4.99.3-1"))),
      member("one", withPackages(base, deb("vim", "2:9.0.1378-2+deb12u2"))),
    ];
    const result = scoreSnowflakes(cohort);
    const three = result.get("three")!;
    expect(three.isSnowflake).toBe(true);
    expect(three.score).toBe(3);
    expect(three.reasons.map((r) => r.explain)).toEqual([
      "htop installed; present on 1 of 40 hosts",
      "libgd3 installed; present on 1 of 40 hosts",
      "php8.2-gd installed; present on 1 of 40 hosts",
    ]);
    expect(result.get("two")).toMatchObject({ score: 2, isSnowflake: false });
    expect(result.get("one")).toMatchObject({ score: 1, isSnowflake: false });
  });

  it("explains extras shared by a few hosts with their count", () => {
    const result = scoreSnowflakes([member("base", base, 37), member("gd", withPackages(base, deb("php8.2-gd", PHP)), 3)]);
    const [reason] = result.get("gd")!.reasons;
    expect(reason.explain).toBe("php8.2-gd installed; present on 3 of 40 hosts");
    expect(reason.weight).toBeCloseTo(17 / 19, 4);
  });

  it("counts a package's own conffiles once, but loose files and hand edits on their own", () => {
    const withGd = withConfigs(
      withPackages(base, deb("php8.2-gd", PHP)),
      conffile("/etc/php/8.2/mods-available/gd.ini", "php8.2-gd"),
      symlink("/etc/php/8.2/apache2/conf.d/20-gd.ini", "/etc/php/8.2/mods-available/gd.ini"),
    );
    const r = scoreSnowflakes([member("base", base, 39), member("gd", withGd)]).get("gd")!;
    expect(r.reasons.map((x) => [x.kind, x.subject, x.weight])).toEqual([
      ["package-extra", "php8.2-gd", 1],
      ["config-extra", "/etc/php/8.2/apache2/conf.d/20-gd.ini", 0.5],
    ]);

    const noApache = withoutConfigs(withoutPackages(base, "apache2"), "/etc/apache2/apache2.conf", "/etc/apache2/ports.conf");
    const missing = scoreSnowflakes([member("base", base, 39), member("x", noApache)]).get("x")!;
    expect(missing.reasons.map((x) => x.kind)).toEqual(["package-missing"]);
    expect(missing.reasons[0].explain).toBe("apache2 not installed; present on 39 of 40 hosts");
  });

  it("does not blame unedited conffiles that changed with their package's version", () => {
    const upgraded = withConfigs(withPackages(base, deb("apache2", "2.4.65-2~deb12u1")), conffile("/etc/apache2/apache2.conf", "apache2", "2.4.65 default"));
    const r = scoreSnowflakes([member("base", base, 39), member("new", upgraded)]).get("new")!;
    expect(r.reasons.map((x) => x.kind)).toEqual(["package-version"]);
  });

  it("calls a content difference config-changed when it is not a hand edit of a pristine consensus", () => {
    const deployed = plainFile("/etc/apache2/sites-available/shop.conf", "ServerName shop.example.com");
    const tweaked = plainFile("/etc/apache2/sites-available/shop.conf", "ServerName shop.example.com\nLogLevel debug");
    const r = scoreSnowflakes([member("base", withConfigs(base, deployed), 39), member("t", withConfigs(base, tweaked))]).get("t")!;
    expect(r.reasons).toHaveLength(1);
    expect(r.reasons[0]).toMatchObject({ kind: "config-changed", weight: 1 });
    expect(r.reasons[0].explain).toBe(
      `/etc/apache2/sites-available/shop.conf differs; hash ${tweaked.sha256!.slice(0, 12)} shared by 1 of 40 hosts, 39 have hash ${deployed.sha256!.slice(0, 12)}`,
    );

    // Every host carries the same edit (config management): a different edit is a change, not "the" hand edit.
    const managed = conffile(PHP_INI, "libapache2-mod-php8.2", "managed php.ini", true);
    const other = scoreSnowflakes([member("m", withConfigs(base, managed), 39), member("x", withConfigs(base, editedIni))]).get("x")!;
    expect(other.reasons.map((x) => x.kind)).toEqual(["config-changed"]);

    const link = scoreSnowflakes([member("b", base, 39), member("tz", withConfigs(base, symlink("/etc/localtime", "/usr/share/zoneinfo/Europe/Berlin")))]).get("tz")!;
    expect(link.reasons[0].explain).toBe(
      "/etc/localtime differs; symlink to /usr/share/zoneinfo/Europe/Berlin shared by 1 of 40 hosts, 39 have symlink to /usr/share/zoneinfo/Etc/UTC",
    );
  });

  it("reports missing and extra loose files", () => {
    const host = withConfigs(withoutConfigs(base, "/etc/default/locale"), plainFile("/etc/cron.d/backup-hack", "0 3 * * * root /root/b.sh"));
    const r = scoreSnowflakes([member("base", base, 39), member("x", host)]).get("x")!;
    expect(r.reasons.map((x) => x.explain)).toEqual([
      "/etc/cron.d/backup-hack present; exists on 1 of 40 hosts (security-relevant: counts ×2)",
      "/etc/default/locale missing; exists on 39 of 40 hosts",
    ]);
  });

  it("weighs security-relevant paths double, says so, and lists them first", () => {
    const sudo = plainFile("/etc/sudoers.d/ops", "ops ALL=(ALL) NOPASSWD:ALL");
    const host = withConfigs(base, editedIni, sudo);
    const r = scoreSnowflakes([member("base", base, 39), member("x", host)]).get("x")!;
    expect(r.reasons.map((x) => [x.subject, x.weight, x.security ?? false])).toEqual([
      ["/etc/sudoers.d/ops", KIND_WEIGHTS["config-extra"] * 2, true],
      [PHP_INI, KIND_WEIGHTS["config-edited"], false],
    ]);
    expect(r.score).toBe(4);
    expect(r.reasons[0].explain).toContain("counts ×2");
  });

  it("weights consensus by hosts, not by distinct fingerprints", () => {
    const cohort = [member("main", base, 30)];
    for (let i = 0; i < 10; i++) cohort.push(member(`odd-${i}`, withPackages(base, deb("openssl", `3.0.${i}-1`))));
    const c = computeConsensus(cohort);
    expect(c.hosts).toBe(40);
    expect(c.packages.get("openssl")).toMatchObject({ modal: OPENSSL, modalHosts: 30, present: 40 });
    expect(scoreSnowflakes(cohort).get("odd-3")!.reasons[0].explain).toBe(`openssl 3.0.3-1; 30 of 40 hosts run ${OPENSSL}`);
  });

  it("needs a cohort of at least three hosts", () => {
    const two = scoreSnowflakes([member("a", base), member("b", withConfigs(base, editedIni))]);
    expect(two.get("b")).toEqual({ score: 0, isSnowflake: false, reasons: [] });
    const three = scoreSnowflakes([member("a", base, 2), member("b", withConfigs(base, editedIni))]);
    expect(three.get("b")).toMatchObject({ score: 3, isSnowflake: true });
  });

  it("leaves ignored host-specific files out", () => {
    const cohort = Array.from({ length: 5 }, (_, i) => member(`h${i}`, withConfigs(base, plainFile("/etc/network/interfaces", `address 10.0.0.${i}`))));
    expect(scoreSnowflakes(cohort).get("h0")!.score).toBe(0);
    expect(scoreSnowflakes(cohort, { ignore: [] }).get("h0")!.reasons[0].kind).toBe("config-changed");
  });

  it("caps reasons but scores all of them, strongest first", () => {
    const extras = Array.from({ length: 80 }, (_, i) => deb(`tool-${String(i).padStart(2, "0")}`, "1.0-1"));
    const host = withConfigs(withPackages(base, ...extras), editedIni);
    const r = scoreSnowflakes([member("base", base, 39), member("x", host)], { maxReasons: 50 }).get("x")!;
    expect(r.reasons).toHaveLength(50);
    expect(r.score).toBe(83);
    expect(r.reasons[0].kind).toBe("config-edited");
    expect(r.reasons[1].subject).toBe("tool-00");
    const weights = r.reasons.map((x) => x.weight);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
  });

  it("documents its weights and threshold", () => {
    expect(KIND_WEIGHTS["config-edited"]).toBeGreaterThanOrEqual(SNOWFLAKE_THRESHOLD);
    expect(3 * KIND_WEIGHTS["package-extra"]).toBeGreaterThanOrEqual(SNOWFLAKE_THRESHOLD);
    expect(2 * KIND_WEIGHTS["package-extra"]).toBeLessThan(SNOWFLAKE_THRESHOLD);
  });
});

describe("scoreSnowflakes with hosts whose source reports no config files (SBOM, package facts)", () => {
  const packagesOnly = (fp: Fingerprint): Fingerprint => ({ ...fp, configs: [] });
  const sbom = (hash: string, fingerprint: Fingerprint, hosts = 1): CohortMember => ({ hash, fingerprint: packagesOnly(fingerprint), hosts, configsCollected: false });

  it("compares an SBOM host on packages only: the files it cannot report are not missing", () => {
    const r = scoreSnowflakes([member("agents", base, 10), sbom("sbom", base)]);
    expect(r.get("sbom")).toEqual({ score: 0, isSnowflake: false, reasons: [] });
    // The same content from a source that does report files is missing all of them.
    const agentWithout = scoreSnowflakes([member("agents", base, 10), member("bare", packagesOnly(base))]).get("bare")!;
    expect(agentWithout.reasons.map((x) => x.kind)).toContain("config-missing");
  });

  it("still counts an SBOM host's package deviations", () => {
    const r = scoreSnowflakes([member("agents", base, 10), sbom("sbom", withPackages(base, ...gd))]).get("sbom")!;
    expect(r.isSnowflake).toBe(true);
    expect(new Set(r.reasons.map((x) => x.kind))).toEqual(new Set(["package-extra"]));
  });

  it("judges a file's presence among the hosts that report files: many SBOM hosts make no agent host's files rare", () => {
    const r = scoreSnowflakes([member("agents", base, 2), sbom("sboms", base, 8), member("edited", withConfigs(base, editedIni))]);
    expect(r.get("agents")!.score).toBe(0);
    expect(r.get("sboms")!.score).toBe(0);
    const edited = r.get("edited")!;
    expect(edited.reasons.map((x) => x.explain)).toEqual([expect.stringMatching(/edited by hand; hash shared by 1 of 3 hosts/)]);
    expect(edited.reasons[0].cohort).toBe(3);
  });
});

describe("scoreSnowflakes at fleet scale", () => {
  it("handles 200 distinct fingerprints × 1,500 packages × 2,000 configs", () => {
    const packages = Array.from({ length: 1500 }, (_, i) => deb(`lib-pkg-${String(i).padStart(4, "0")}`, `1.${i}-1+deb12u1`));
    const configs = Array.from({ length: 2000 }, (_, i) =>
      conffile(`/etc/app-${String(i % 100).padStart(2, "0")}/file-${String(i).padStart(4, "0")}.conf`, `lib-pkg-${String(i % 1500).padStart(4, "0")}`),
    );
    const fleetBase: Fingerprint = { os: base.os, packages, configs };
    const cohort: CohortMember[] = [member("golden", fleetBase, 100)];
    for (let i = 1; i < 200; i++) {
      // Every member lags one package version; every 25th also hand-edits a file nobody else edited.
      const pkgs = packages.map((p, j) => (j === i ? { ...p, version: `0.${j}-1` } : p));
      const cfgs = i % 25 === 0 ? configs.map((c, j) => (j === i * 7 ? { ...c, sha256: `${i}`.padStart(64, "f"), modified: true } : c)) : configs;
      cohort.push(member(`m${i}`, { os: base.os, packages: pkgs, configs: cfgs }));
    }
    const t0 = performance.now();
    const result = scoreSnowflakes(cohort);
    const ms = performance.now() - t0;
    console.log(`scoreSnowflakes: 200 fingerprints × 1,500 packages × 2,000 configs in ${ms.toFixed(0)} ms`);

    expect(result.size).toBe(200);
    expect(result.get("golden")).toEqual({ score: 0, isSnowflake: false, reasons: [] });
    expect(result.get("m1")).toMatchObject({ score: 0.5, isSnowflake: false });
    expect(result.get("m1")!.reasons[0].explain).toBe("lib-pkg-0001 0.1-1; 298 of 299 hosts run 1.1-1+deb12u1");
    const flagged = [...result].filter(([, r]) => r.isSnowflake).map(([h]) => h);
    expect(flagged).toEqual(["m25", "m50", "m75", "m100", "m125", "m150", "m175"]);
    expect(result.get("m50")!.reasons[0]).toMatchObject({ kind: "config-edited", sharedBy: 1, cohort: 299 });
  });
});

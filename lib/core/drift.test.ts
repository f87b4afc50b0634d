import { describe, expect, it } from "vitest";
import { computeDrift, configsCollectedFor, OS_SUBJECT } from "./drift";
import { DEFAULT_IGNORE, specFromFingerprint } from "./spec";
import {
  APACHE,
  conffile,
  deb,
  fakeSha,
  LIBC,
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
import type { Fingerprint, Spec } from "./types";

const golden = webHost();
const exactSpec = specFromFingerprint(golden);

function spec(overrides: Partial<Spec> = {}): Spec {
  return {
    packages: { mode: "allow-extras", pins: {} },
    configs: { mode: "listed", files: {} },
    ignore: [...DEFAULT_IGNORE],
    ...overrides,
  };
}

describe("computeDrift", () => {
  it("finds nothing when the host is its own golden capture", () => {
    expect(computeDrift(golden, exactSpec)).toEqual([]);
  });

  it("reports a version differing from its pin, behind or ahead of it", () => {
    const host = withPackages(golden, deb("apache2", "2.4.57-2"));
    expect(computeDrift(host, exactSpec)).toEqual([
      { kind: "package-version", subject: "apache2", expected: APACHE, actual: "2.4.57-2", explain: `apache2: expected ${APACHE}, found 2.4.57-2 (older than the spec)`, direction: "behind" },
    ]);
    const newer = withPackages(golden, deb("apache2", `${APACHE}+deb12u1`));
    expect(computeDrift(newer, exactSpec)).toEqual([
      {
        kind: "package-version",
        subject: "apache2",
        expected: APACHE,
        actual: `${APACHE}+deb12u1`,
        explain: `apache2: expected ${APACHE}, found ${APACHE}+deb12u1 (newer than the spec: a rebuild would downgrade it)`,
        direction: "ahead",
      },
    ]);
  });

  it("orders versions by the host's package manager (rpm, apk)", () => {
    const rpmHost: Fingerprint = { os: { ...golden.os, id: "rocky" }, packages: [{ manager: "rpm", name: "openssl", version: "1:3.0.7-25.el9", arch: "x86_64" }], configs: [] };
    const pins = (v: string) => spec({ packages: { mode: "allow-extras", pins: { openssl: v } }, os: undefined });
    expect(computeDrift({ ...rpmHost, os: { ...rpmHost.os, arch: "x86_64" } }, pins("1:3.0.7-24.el9"))[0].direction).toBe("ahead");
    const apkHost: Fingerprint = { os: { ...golden.os, id: "alpine", arch: "x86_64" }, packages: [{ manager: "apk", name: "musl", version: "1.2.4_git20230717-r4", arch: "x86_64" }], configs: [] };
    expect(computeDrift(apkHost, { ...pins("1.2.4-r4"), packages: { mode: "allow-extras", pins: { musl: "1.2.4-r4" } } })[0].direction).toBe("ahead");
    expect(computeDrift(apkHost, { ...pins("1.2.5-r0"), packages: { mode: "allow-extras", pins: { musl: "1.2.5-r0" } } })[0].direction).toBe("behind");
  });

  it('accepts any version for a "*" pin but still requires the package', () => {
    const s = spec({ packages: { mode: "allow-extras", pins: { "php8.2": "*", "libapache2-mod-security2": "*" } } });
    const host = withPackages(golden, deb("php8.2", "8.2.28-1~deb12u1", "all"));
    expect(computeDrift(host, s)).toEqual([
      {
        kind: "package-missing",
        subject: "libapache2-mod-security2",
        expected: "*",
        actual: null,
        explain: "libapache2-mod-security2: required but not installed",
      },
    ]);
  });

  it("names the required version of a missing package", () => {
    const host = withoutPackages(golden, "openssl");
    const [item] = computeDrift(host, exactSpec);
    expect(item).toMatchObject({ kind: "package-missing", subject: "openssl", expected: OPENSSL, actual: null });
    expect(item.explain).toBe(`openssl: required at ${OPENSSL} but not installed`);
  });

  it("reports extras only in exact mode", () => {
    const host = withPackages(golden, deb("php8.2-gd", PHP), deb("htop", "3.2.2-2"));
    expect(computeDrift(host, { ...exactSpec, packages: { ...exactSpec.packages, mode: "allow-extras" } })).toEqual([]);
    const items = computeDrift(host, exactSpec);
    expect(items.map((i) => [i.kind, i.subject])).toEqual([
      ["package-extra", "htop"],
      ["package-extra", "php8.2-gd"],
    ]);
    expect(items[1].explain).toBe(`php8.2-gd ${PHP} is installed but not in the spec`);
  });

  it("keys foreign-architecture packages as name:arch and matches native-arch pins written dpkg-style", () => {
    const host = withPackages(golden, deb("libc6", LIBC, "i386"));
    expect(computeDrift(host, exactSpec).map((i) => i.subject)).toEqual(["libc6:i386"]);
    const dpkgStyle = spec({ packages: { mode: "exact", pins: { ...exactSpec.packages.pins, "libc6:amd64": LIBC, "libc6:i386": "*" } } });
    delete dpkgStyle.packages.pins.libc6;
    expect(computeDrift(host, dpkgStyle)).toEqual([]);
  });

  it("says when a changed config was edited by hand", () => {
    const edited = conffile(PHP_INI, "libapache2-mod-php8.2", "memory_limit = 1024M", true);
    const [item] = computeDrift(withConfigs(golden, edited), exactSpec);
    expect(item).toMatchObject({ kind: "config-changed", subject: PHP_INI, expected: exactSpec.configs.files[PHP_INI], actual: edited.sha256 });
    expect(item.explain).toBe(`${PHP_INI} differs from the spec and was edited by hand (no longer what libapache2-mod-php8.2 shipped)`);
  });

  it("shortens hashes in the sentence only, and blames the package for an unedited conffile", () => {
    const shipped = conffile("/etc/apache2/apache2.conf", "apache2", "apache2.conf from 2.4.57-2");
    const [item] = computeDrift(withConfigs(golden, shipped), exactSpec);
    const want = exactSpec.configs.files["/etc/apache2/apache2.conf"];
    expect(item.expected).toBe(want);
    expect(item.actual).toBe(shipped.sha256);
    expect(item.explain).toBe(
      `/etc/apache2/apache2.conf differs from the spec: expected ${want.slice(0, 12)}, found ${shipped.sha256!.slice(0, 12)} (as shipped by apache2)`,
    );
  });

  it("compares symlinks by target and notices type changes", () => {
    const retargeted = symlink("/etc/localtime", "/usr/share/zoneinfo/Europe/Berlin");
    const replaced = plainFile("/etc/apache2/sites-enabled/000-default.conf", "copied instead of linked");
    const items = computeDrift(withConfigs(golden, retargeted, replaced), exactSpec);
    expect(items.map((i) => i.explain)).toEqual([
      "/etc/apache2/sites-enabled/000-default.conf differs from the spec: expected a symlink to ../sites-available/000-default.conf, found " +
        replaced.sha256!.slice(0, 12),
      "/etc/localtime differs from the spec: expected a symlink to /usr/share/zoneinfo/Etc/UTC, found a symlink to /usr/share/zoneinfo/Europe/Berlin",
    ]);
  });

  it('treats "*" as must-exist and reports unreadable files against a hash', () => {
    const s = spec({ configs: { mode: "listed", files: { "/etc/cron.d/php": "*", "/etc/shadow": fakeSha("shadow") } } });
    const host = withConfigs(golden, { path: "/etc/shadow", type: "file", sha256: null });
    const items = computeDrift(host, s);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: "config-changed", subject: "/etc/shadow", actual: "unreadable" });
    expect(items[0].explain).toContain("found a file the agent could not read");
  });

  it("reports missing files and, in exact mode only, unexpected ones", () => {
    const host = withConfigs(withoutConfigs(golden, "/etc/cron.d/php"), plainFile("/etc/cron.d/backup-hack", "0 3 * * * root /root/backup.sh"));
    const listed = computeDrift(host, { ...exactSpec, configs: { ...exactSpec.configs, mode: "listed" } });
    expect(listed).toEqual([
      { kind: "config-missing", subject: "/etc/cron.d/php", expected: exactSpec.configs.files["/etc/cron.d/php"], actual: null, explain: "/etc/cron.d/php is in the spec but missing on the host" },
    ]);
    const exact = computeDrift(host, exactSpec);
    expect(exact.map((i) => i.kind)).toEqual(["config-missing", "config-unexpected"]);
    expect(exact[1].explain).toBe("/etc/cron.d/backup-hack is on the host but not in the spec");
  });

  it("never compares ignored paths, even when listed", () => {
    const host = withConfigs(golden, plainFile("/etc/network/interfaces", "address 10.0.0.12"), plainFile("/etc/hostname", "web-07"));
    const s = { ...exactSpec, configs: { ...exactSpec.configs, files: { ...exactSpec.configs.files, "/etc/hostname": fakeSha("web-01") } } };
    expect(computeDrift(host, s)).toEqual([]);
    expect(computeDrift(host, { ...s, ignore: [] }).map((i) => i.subject)).toEqual(["/etc/hostname", "/etc/network/interfaces"]);
  });

  it("reports an OS release mismatch as a package-version item on subject os", () => {
    const bullseye = { ...golden, os: { ...golden.os, versionId: "11", prettyName: "Debian GNU/Linux 11 (bullseye)" } };
    const [item] = computeDrift(bullseye, exactSpec);
    expect(item).toEqual({ kind: "package-version", subject: OS_SUBJECT, expected: "debian 12", actual: "debian 11", explain: "os: expected debian 12, found debian 11" });
    expect(computeDrift({ ...golden, os: { ...golden.os, id: "ubuntu", versionId: "24.04" } }, spec({ os: { id: "debian" } }))[0].explain).toBe(
      "os: expected debian, found ubuntu",
    );
    expect(computeDrift(golden, spec({ os: { versionId: "12" } }))).toEqual([]);
  });

  it("orders security-relevant paths first, then by kind, then subject", () => {
    const host = withConfigs(
      withPackages(withoutPackages(golden, "cron"), deb("zsh", "5.9-4+b2"), deb("apache2", "2.4.57-2"), deb("bash", "5.2.15-2+b7")),
      conffile(PHP_INI, "libapache2-mod-php8.2", "edited", true),
      plainFile("/etc/apt/sources.list.d/sury-php.list", "deb https://packages.sury.org/php/ bookworm main"),
    );
    const items = computeDrift(withoutConfigs(host, "/etc/cron.d/php"), exactSpec);
    expect(items.map((i) => `${i.kind} ${i.subject}`)).toEqual([
      "config-missing /etc/cron.d/php",
      "config-unexpected /etc/apt/sources.list.d/sury-php.list",
      "package-missing cron",
      "package-extra zsh",
      "package-version apache2",
      "package-version bash",
      `config-changed ${PHP_INI}`,
    ]);
  });
});

describe("computeDrift for a host whose source collects no configs", () => {
  const spec: Spec = { packages: { mode: "allow-extras", pins: { bash: "5.2.15-2+b8" } }, configs: { mode: "exact", files: { "/etc/php.ini": "a".repeat(64) } }, ignore: [] };
  const fp: Fingerprint = {
    os: { id: "debian", versionId: "12", prettyName: "Debian 12", kernel: null, arch: "amd64" },
    packages: [{ manager: "dpkg", name: "bash", version: "5.2.15-2+b7", arch: "amd64" }],
    configs: [],
  };
  it("compares packages only: the spec's files are not reported missing", () => {
    expect(computeDrift(fp, spec, undefined, { configsCollected: false }).map((i) => i.kind)).toEqual(["package-version"]);
    expect(computeDrift(fp, spec).map((i) => i.kind)).toEqual(["package-version", "config-missing"]);
  });
  it("counts configs as not collected only for a fingerprint without config entries", () => {
    expect(configsCollectedFor(fp, true)).toBe(false);
    expect(configsCollectedFor(fp, false)).toBe(true);
    expect(configsCollectedFor({ configs: [{ path: "/etc/a", type: "file", sha256: null }] }, true)).toBe(true);
  });
});

import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  canonicalFingerprint,
  fingerprintHash,
  identify,
  indexPackages,
  nativeArch,
  normalizePath,
  packageKey,
  stableStringify,
  VOLATILE_PATHS,
} from "./canonical";
import { matchesAny } from "./glob";
import { BOOKWORM, conffile, deb, LIBC, PHP_INI, volatileConfigs, WEB_CONFIGS, WEB_PACKAGES, webHost } from "./test-fixtures";
import type { AgentReport } from "./types";

function report(host: string, shuffle = false): AgentReport {
  const packages = [...WEB_PACKAGES];
  const configs = [...WEB_CONFIGS, ...volatileConfigs(host)];
  if (shuffle) {
    packages.reverse();
    configs.reverse();
  }
  return {
    schema: 1,
    agentVersion: "0.1.0",
    hostname: host,
    machineId: `machine-${host}`,
    collectedAt: "2025-06-01T10:00:00Z",
    os: { ...BOOKWORM },
    packages,
    configs,
  };
}

describe("VOLATILE_PATHS", () => {
  it.each([
    "/etc/hostname",
    "/etc/hosts",
    "/etc/machine-id",
    "/var/lib/dbus/machine-id",
    "/etc/ssh/ssh_host_rsa_key",
    "/etc/ssh/ssh_host_ed25519_key.pub",
    "/etc/resolv.conf",
    "/etc/ld.so.cache",
    "/etc/adjtime",
    "/etc/mtab",
    "/etc/.pwd.lock",
    "/etc/shadow-",
    "/etc/gshadow-",
    "/etc/fleetprint/agent.token",
    "/etc/mailname",
  ])("covers %s", (path) => {
    expect(matchesAny(path, VOLATILE_PATHS)).toBe(true);
  });

  it.each(["/etc/passwd", "/etc/shadow", "/etc/ssh/sshd_config", PHP_INI, "/etc/apache2/apache2.conf", "/etc/hosts.allow"])(
    "keeps %s",
    (path) => expect(matchesAny(path, VOLATILE_PATHS)).toBe(false),
  );
});

describe("canonicalFingerprint", () => {
  it("drops volatile files, so two hosts built alike share one fingerprint", () => {
    const a = canonicalFingerprint(report("web-01"));
    const b = canonicalFingerprint(report("web-02", true));
    expect(a).toEqual(b);
    expect(a.configs.map((c) => c.path)).not.toContain("/etc/hostname");
    expect(a.configs).toHaveLength(WEB_CONFIGS.length);
  });

  it("sorts packages by manager, name, arch and configs by path", () => {
    const fp = canonicalFingerprint({
      os: BOOKWORM,
      packages: [deb("libc6", LIBC, "i386"), deb("zlib1g", "1:1.2.13.dfsg-1"), deb("libc6", LIBC), deb("apache2", "2.4.62-1~deb12u2")],
      configs: [conffile("/etc/ssl/openssl.cnf", "openssl"), conffile("/etc/apache2/apache2.conf", "apache2")],
    });
    expect(fp.packages.map((p) => `${p.name}:${p.arch}`)).toEqual(["apache2:amd64", "libc6:amd64", "libc6:i386", "zlib1g:amd64"]);
    expect(fp.configs.map((c) => c.path)).toEqual(["/etc/apache2/apache2.conf", "/etc/ssl/openssl.cnf"]);
  });

  it("dedupes exact duplicates but keeps side-by-side versions", () => {
    const fp = canonicalFingerprint({
      os: BOOKWORM,
      packages: [
        deb("apache2", "2.4.62-1~deb12u2"),
        deb("apache2", "2.4.62-1~deb12u2"),
        deb("linux-image-amd64", "6.1.140-1"),
      ],
      configs: [conffile("/etc/apache2/apache2.conf", "apache2"), conffile("/etc/apache2/apache2.conf", "apache2")],
    });
    expect(fp.packages).toHaveLength(2);
    expect(fp.configs).toHaveLength(1);
  });

  it("resolves a path reported twice the same way whatever the order", () => {
    const readable = conffile(PHP_INI, "libapache2-mod-php8.2");
    const unreadable = { ...readable, sha256: null };
    const one = canonicalFingerprint({ os: BOOKWORM, packages: [], configs: [unreadable, readable] });
    const two = canonicalFingerprint({ os: BOOKWORM, packages: [], configs: [readable, unreadable] });
    expect(one).toEqual(two);
    expect(one.configs[0].sha256).toBe(readable.sha256);
  });

  it("drops undefined optional fields and stray symlink targets", () => {
    const fp = canonicalFingerprint({
      os: { ...BOOKWORM, kernel: "" },
      packages: [],
      configs: [
        { path: "/etc/timezone", type: "file", sha256: "AB".repeat(32), target: "x", package: undefined, modified: undefined },
        { path: "/etc/localtime", type: "symlink", sha256: null, target: "/usr/share/zoneinfo/Europe/Paris" },
      ],
    });
    expect(Object.keys(fp.configs[1]).sort()).toEqual(["path", "sha256", "type"]);
    expect(fp.configs[1].sha256).toBe("ab".repeat(32));
    expect(fp.configs[0].target).toBe("/usr/share/zoneinfo/Europe/Paris");
    expect(fp.os.kernel).toBeNull();
  });

  it("normalises path spelling before matching volatile globs", () => {
    expect(normalizePath("//etc//apache2/")).toBe("/etc/apache2");
    expect(normalizePath("/")).toBe("/");
    const fp = canonicalFingerprint({ os: BOOKWORM, packages: [], configs: [{ path: "/etc//hostname", type: "file", sha256: null }] });
    expect(fp.configs).toEqual([]);
  });
});

describe("fingerprintHash", () => {
  it("is a sha256 hex digest, equal for the same content in any order", () => {
    const a = fingerprintHash(canonicalFingerprint(report("web-01")));
    const b = fingerprintHash(canonicalFingerprint(report("web-02", true)));
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).toBe(b);
    const shuffled = webHost();
    shuffled.packages.reverse();
    expect(fingerprintHash(shuffled)).toBe(fingerprintHash(webHost()));
  });

  it("changes when a package version or a config hash changes", () => {
    const base = fingerprintHash(webHost());
    const upgraded = webHost();
    upgraded.packages = upgraded.packages.map((p) => (p.name === "openssl" ? { ...p, version: "3.0.18-1~deb12u1" } : p));
    const edited = webHost();
    edited.configs = edited.configs.map((c) => (c.path === PHP_INI ? { ...c, sha256: "0".repeat(64), modified: true } : c));
    expect(fingerprintHash(upgraded)).not.toBe(base);
    expect(fingerprintHash(edited)).not.toBe(base);
  });
});

describe("stableStringify", () => {
  it("sorts keys at every depth and skips undefined members", () => {
    expect(stableStringify({ b: 1, a: { d: [1, { z: 1, y: undefined, x: "s" }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"x":"s","z":1}]},"b":1}',
    );
    expect(stableStringify({ a: 1, b: undefined })).toBe(stableStringify({ a: 1 }));
  });

  it("refuses values JSON cannot carry faithfully", () => {
    expect(() => stableStringify({ n: Number.NaN })).toThrow();
    expect(() => stableStringify({ n: 1n })).toThrow();
  });
});

describe("packageKey", () => {
  const multiarch = {
    os: BOOKWORM,
    packages: [deb("libc6", LIBC), deb("libc6", LIBC, "i386"), deb("tzdata", "2025b-0+deb12u1", "all")],
  };

  it("maps uname architectures to dpkg's spelling", () => {
    expect(nativeArch(multiarch)).toBe("amd64");
    expect(nativeArch({ os: { ...BOOKWORM, arch: "aarch64" }, packages: [deb("libc6", LIBC, "arm64")] })).toBe("arm64");
    expect(nativeArch({ os: { ...BOOKWORM, arch: "amd64" }, packages: [] })).toBe("amd64");
  });

  it("falls back to the packages' own architecture when uname is unknown", () => {
    expect(nativeArch({ os: { ...BOOKWORM, arch: "weird" }, packages: [deb("libc6", LIBC, "arm64"), deb("bash", "5.2.15-2", "arm64")] })).toBe("arm64");
  });

  it('keys native and "all" packages by name, foreign ones by name:arch', () => {
    expect(packageKey(deb("libc6", LIBC), "amd64")).toBe("libc6");
    expect(packageKey(deb("libc6", LIBC, "i386"), "amd64")).toBe("libc6:i386");
    expect(packageKey(deb("tzdata", "2025b-0+deb12u1", "all"), "amd64")).toBe("tzdata");
    expect(packageKey({ manager: "rpm", name: "glibc", version: "2.34-100.el9", arch: "i686" }, "x86_64")).toBe("glibc:i686");
    expect(packageKey({ manager: "rpm", name: "tzdata", version: "2025b-1.el9", arch: "noarch" }, "x86_64")).toBe("tzdata");
    expect([...indexPackages(multiarch).keys()]).toEqual(["libc6", "libc6:i386", "tzdata"]);
  });

  it("joins side-by-side versions of one key", () => {
    const rpm = {
      os: { ...BOOKWORM, id: "rocky", arch: "x86_64" },
      packages: [
        { manager: "rpm" as const, name: "kernel", version: "5.14.0-503.el9", arch: "x86_64" },
        { manager: "rpm" as const, name: "kernel", version: "5.14.0-427.el9", arch: "x86_64" },
      ],
    };
    expect(indexPackages(rpm).get("kernel")).toBe("5.14.0-427.el9, 5.14.0-503.el9");
  });
});

describe("identify", () => {
  it("hashes exactly the bytes of stableStringify, so stored hashes stay valid", async () => {
    const fs = await import("node:fs");
    const real = JSON.parse(fs.readFileSync("fixtures/debian-12/report.json", "utf8"));
    const fp = canonicalFingerprint({
      ...real,
      configs: [...real.configs, { path: "/etc/x", type: "symlink", sha256: null, target: 'a"b\\c' }, { path: "/etc/é\u0001", type: "file", sha256: null }],
    });
    expect(identify(fp).hash).toBe(createHash("sha256").update(stableStringify(fp), "utf8").digest("hex"));
    // identify() stringifies canonical objects as built (keys in sorted order): the same bytes, every optional field.
    const mixed = canonicalFingerprint({
      os: { ...real.os, kernel: null },
      packages: real.packages,
      configs: [
        { path: "/etc/a", type: "file", sha256: "AB", package: "p", modified: false },
        { path: "/etc/b", type: "file", sha256: null, modified: true },
        { path: "/etc/c", type: "symlink", sha256: null, target: "/x", package: "q" },
        { path: "/etc/d", type: "file", sha256: "cd", target: "/stray" },
      ],
    });
    expect(JSON.stringify({ configs: mixed.configs, os: mixed.os, packages: mixed.packages })).toBe(stableStringify(mixed));
    expect(identify(mixed).hash).toBe(createHash("sha256").update(stableStringify(mixed), "utf8").digest("hex"));
  });
});

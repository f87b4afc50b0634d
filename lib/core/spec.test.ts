import { describe, expect, it } from "vitest";
import { DEFAULT_IGNORE, parseSpec, renderSpecYaml, specFromFingerprint } from "./spec";
import { VOLATILE_PATHS } from "./canonical";
import { APACHE, deb, fakeSha, LIBC, PHP, PHP_INI, plainFile, webHost, withConfigs, withPackages } from "./test-fixtures";
import type { Spec } from "./types";

function ok(text: string): Spec {
  const r = parseSpec(text);
  if (!r.ok) throw new Error(`expected a valid spec, got: ${r.error}`);
  return r.spec;
}

function err(text: string): string {
  const r = parseSpec(text);
  if (r.ok) throw new Error("expected an error");
  return r.error;
}

const PHP_INI_SHA = fakeSha("php.ini-production");

describe("parseSpec", () => {
  it("reads a YAML spec and fills defaults", () => {
    const spec = ok(`
packages:
  pins:
    apache2: ${APACHE}
    php8.2: "*"
configs:
  files:
    ${PHP_INI}: ${PHP_INI_SHA}
`);
    expect(spec).toEqual({
      packages: { mode: "allow-extras", pins: { apache2: APACHE, "php8.2": "*" } },
      configs: { mode: "listed", files: { [PHP_INI]: PHP_INI_SHA } },
      ignore: [...DEFAULT_IGNORE],
    });
  });

  it("reads the same spec written as JSON", () => {
    const json = JSON.stringify({
      os: { id: "debian", versionId: "12" },
      packages: { mode: "exact", pins: { apache2: APACHE, libc6: LIBC } },
      configs: { mode: "exact", files: { "/etc/localtime": "symlink:/usr/share/zoneinfo/Etc/UTC" } },
      ignore: ["/etc/hostname"],
    });
    expect(ok(json)).toEqual({
      os: { id: "debian", versionId: "12" },
      packages: { mode: "exact", pins: { apache2: APACHE, libc6: LIBC } },
      configs: { mode: "exact", files: { "/etc/localtime": "symlink:/usr/share/zoneinfo/Etc/UTC" } },
      ignore: ["/etc/hostname"],
    });
  });

  it("keeps versions and os ids as written, never as numbers", () => {
    const spec = ok("os:\n  versionId: 12\npackages:\n  pins:\n    foo: 1.10\n    php-common: 2:93\n");
    expect(spec.os).toEqual({ versionId: "12" });
    expect(spec.packages.pins).toEqual({ foo: "1.10", "php-common": "2:93" });
  });

  it("accepts the list shorthand for packages and configs", () => {
    const spec = ok(`packages: [apache2, "php8.2=${PHP}", "libc6:i386"]\nconfigs:\n  - ${PHP_INI}\n`);
    expect(spec.packages).toEqual({ mode: "allow-extras", pins: { apache2: "*", "php8.2": PHP, "libc6:i386": "*" } });
    expect(spec.configs).toEqual({ mode: "listed", files: { [PHP_INI]: "*" } });
  });

  it("treats an empty document mapping as all defaults and empty sections as absent", () => {
    expect(ok("{}")).toEqual({ packages: { mode: "allow-extras", pins: {} }, configs: { mode: "listed", files: {} }, ignore: [...DEFAULT_IGNORE] });
    expect(ok("packages:\nconfigs: ~\n").packages.pins).toEqual({});
    expect(ok("packages:\n  mode: exact\n  pins:\nconfigs:\n  files: ~\n")).toMatchObject({ packages: { mode: "exact", pins: {} }, configs: { files: {} } });
  });

  it("reads JSON nulls as absent and never lets __proto__ through", () => {
    expect(ok('{"os": {"id": "debian", "versionId": null}, "ignore": null}')).toMatchObject({ os: { id: "debian" }, ignore: [...DEFAULT_IGNORE] });
    expect(err('__proto__: {packages: [apache2]}\n')).toBe('unknown field "__proto__" (expected os, packages, configs, ignore)');
    expect(({} as Record<string, unknown>).packages).toBeUndefined();
  });

  it("lowercases sha256 values and dedupes ignore rules", () => {
    const spec = ok(`configs:\n  files:\n    ${PHP_INI}: ${PHP_INI_SHA.toUpperCase()}\nignore: [/etc/hostname, /etc/hostname]\n`);
    expect(spec.configs.files[PHP_INI]).toBe(PHP_INI_SHA);
    expect(spec.ignore).toEqual(["/etc/hostname"]);
  });

  it("lets an explicit ignore list replace the defaults, even an empty one", () => {
    expect(ok("ignore: []").ignore).toEqual([]);
  });

  it("names the field and what it expects", () => {
    expect(err("packages:\n  pins:\n    apache2: [2.4]\n")).toBe('packages.pins.apache2: must be a version string or "*"');
    expect(err("packages:\n  pins:\n    apache2: 2.4 62\n")).toBe('packages.pins.apache2: must be a version string or "*"');
    expect(err("packages:\n  mode: strict\n")).toBe('packages.mode: must be "exact" or "allow-extras"');
    expect(err("configs:\n  mode: all\n")).toBe('configs.mode: must be "exact" or "listed"');
    expect(err(`configs:\n  files:\n    ${PHP_INI}: abc\n`)).toBe(
      `configs.files.${PHP_INI}: must be a sha256 hex digest, "*", or "symlink:<target>"`,
    );
    expect(err('configs:\n  files:\n    etc/x: "*"\n')).toBe("configs.files.etc/x: must be an absolute path");
    expect(err("packages:\n  pins:\n    Apache 2: 1\n")).toContain("packages.pins.Apache 2: not a package name");
    expect(err("ignore: /etc/hostname\n")).toBe("ignore: must be a list of path globs");
    expect(err("ignore: [/etc/hostname, '']\n")).toBe("ignore[1]: must not be empty");
    expect(err("os:\n  id: [debian]\n")).toBe("os.id: must be a string");
  });

  it("catches misspelt fields", () => {
    expect(err("pacakges: [apache2]\n")).toBe('unknown field "pacakges" (expected os, packages, configs, ignore)');
    expect(err("packages:\n  pin: {}\n")).toBe('packages: unknown field "pin" (expected mode, pins)');
  });

  it("reports malformed shorthand items by index", () => {
    expect(err('packages: [apache2, "php8.2==8.2"]')).toBe('packages[1]: must be "name" or "name=version" (found "php8.2==8.2")');
    expect(err("packages: [apache2, {php8.2: 8.2}]")).toBe('packages[1]: must be "name" or "name=version" (found {"php8.2":"8.2"})');
    expect(ok('packages: ["php8.2 = 8.2.29-1~deb12u1"]').packages.pins).toEqual({ "php8.2": PHP });
    expect(err("packages: [apache2, apache2]")).toBe("packages[1]: apache2 is listed twice");
    expect(err("configs: [etc/php.ini]")).toBe('configs[0]: must be an absolute path (found "etc/php.ini")');
  });

  it("explains YAML syntax errors with their position", () => {
    expect(err("packages:\n  pins:\n    apache2: *\n")).toMatch(/^invalid YAML at line 3, column \d+: .*write "\*" in quotes/);
    expect(err("packages: [apache2")).toMatch(/^invalid YAML at line 1/);
    expect(err("packages: {}\npackages: {}\n")).toBe('invalid YAML at line 2, column 1: duplicate key "packages"');
    expect(err("packages:\n  pins:\n    apache2: '*'\n    apache2: 2.4.62-1~deb12u2\n")).toBe('invalid YAML at line 4, column 5: duplicate key "apache2"');
  });

  it("rejects empty and non-mapping documents", () => {
    expect(err("")).toBe("spec is empty");
    expect(err("# only a comment\n")).toBe("spec is empty");
    expect(err("- apache2\n")).toMatch(/must be a mapping/);
    expect(err("apache2")).toMatch(/must be a mapping/);
  });

  it("refuses alias bombs", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]", "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]", "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]"].join("\n");
    expect(err(bomb)).toMatch(/^invalid YAML: /);
  });

  it("caps the number of pins", () => {
    const many = Array.from({ length: 100_001 }, (_, i) => `p${i}`);
    expect(err(JSON.stringify({ packages: many }))).toBe("packages: at most 100000 entries");
    const pins = Object.fromEntries(many.map((n) => [n, "*"]));
    expect(err(JSON.stringify({ packages: { pins } }))).toBe("packages.pins: at most 100000 entries (found 100001)");
  }, 120_000); // two YAML parses of 100,001 entries: seconds alone, over 30 s beside a build on a loaded machine

  it("lists at most five problems", () => {
    const pins = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`p${i}`, "bad version"]));
    const msg = err(JSON.stringify({ packages: { pins } }));
    expect(msg.split("; ")).toHaveLength(6);
    expect(msg).toMatch(/and 3 more problems$/);
  });
});

describe("DEFAULT_IGNORE", () => {
  it("contains every volatile path plus deployment-specific files", () => {
    expect(VOLATILE_PATHS.length).toBeGreaterThan(0);
    for (const glob of VOLATILE_PATHS) expect(DEFAULT_IGNORE).toContain(glob);
    expect(DEFAULT_IGNORE).toContain("/etc/network/interfaces");
    expect(DEFAULT_IGNORE.length).toBeGreaterThan(VOLATILE_PATHS.length);
  });
});

describe("specFromFingerprint", () => {
  const golden = withConfigs(
    withPackages(webHost(), deb("libc6", LIBC, "i386")),
    plainFile("/etc/network/interfaces", "iface eth0 inet static\n address 10.0.0.11\n"),
    { path: "/etc/shadow", type: "file", sha256: null },
  );
  const spec = specFromFingerprint(golden);

  it("pins every package exactly and hashes every config", () => {
    expect(spec.packages.mode).toBe("exact");
    expect(spec.packages.pins.apache2).toBe(APACHE);
    expect(spec.packages.pins["php8.2"]).toBe(PHP);
    expect(spec.packages.pins["libc6:i386"]).toBe(LIBC);
    expect(Object.keys(spec.packages.pins)).toHaveLength(golden.packages.length);
    expect(spec.configs.mode).toBe("exact");
    expect(spec.configs.files[PHP_INI]).toMatch(/^[0-9a-f]{64}$/);
    expect(spec.configs.files["/etc/localtime"]).toBe("symlink:/usr/share/zoneinfo/Etc/UTC");
    expect(spec.os).toEqual({ id: "debian", versionId: "12" });
    expect(spec.ignore).toEqual([...DEFAULT_IGNORE]);
  });

  it("skips ignored files and pins unreadable ones as must-exist", () => {
    expect(spec.configs.files).not.toHaveProperty("/etc/network/interfaces");
    expect(spec.configs.files["/etc/shadow"]).toBe("*");
  });

  it("honours options", () => {
    const loose = specFromFingerprint(golden, { packagesMode: "allow-extras", configsMode: "listed", ignore: [], os: false });
    expect(loose.packages.mode).toBe("allow-extras");
    expect(loose.configs.mode).toBe("listed");
    expect(loose.configs.files).toHaveProperty("/etc/network/interfaces");
    expect(loose.os).toBeUndefined();
  });
});

describe("renderSpecYaml", () => {
  const spec = specFromFingerprint(webHost());

  it("writes a commented header and sorted pins", () => {
    const yaml = renderSpecYaml(spec, { fleet: "web", version: 3, source: "web-01", capturedAt: new Date("2025-06-01T09:30:00Z") });
    expect(yaml.split("\n")[0]).toBe("# Fleetprint spec for fleet web, version 3, captured from web-01 on 2025-06-01");
    const pinLines = yaml.split("\n").filter((l) => /^ {4}[a-z0-9]/.test(l) && !l.includes("/"));
    const names = pinLines.map((l) => l.trim().split(":")[0]);
    expect(names).toEqual([...names].sort());
    expect(yaml).toContain(`    apache2: ${APACHE}`);
    expect(yaml).toContain("mode: exact");
  });

  it("prints a free-form source on its own line and keeps header values on one line", () => {
    const yaml = renderSpecYaml(spec, { fleet: "web\nignore: []", source: "upload" });
    expect(yaml.split("\n").slice(0, 2)).toEqual(["# Fleetprint spec for fleet web ignore: []", "# Source: upload"]);
    expect(ok(yaml).ignore).toEqual(spec.ignore);
  });

  it("round-trips through parseSpec", () => {
    expect(ok(renderSpecYaml(spec, { fleet: "web", version: 1 }))).toEqual(spec);
  });

  it("round-trips awkward values: stars, numbers-looking versions, symlinks, odd paths, empty sections", () => {
    const awkward: Spec = {
      os: { id: "debian" },
      packages: { mode: "allow-extras", pins: { foo: "1.10", bar: "*", "php-common": "2:93", "libc6:i386": LIBC, yes: "1" } },
      configs: {
        mode: "listed",
        files: {
          "/etc/a file: with colon": "*",
          "/etc/#hash": "symlink:../x y",
          "/etc/null": fakeSha("x"),
          "/etc/[x]*": "symlink:*",
        },
      },
      ignore: ["/etc/fleetprint/**", "*", "/etc/*-"],
    };
    expect(ok(renderSpecYaml(awkward))).toEqual(awkward);
    const empty: Spec = { packages: { mode: "exact", pins: {} }, configs: { mode: "exact", files: {} }, ignore: [] };
    expect(ok(renderSpecYaml(empty))).toEqual(empty);
  });
});

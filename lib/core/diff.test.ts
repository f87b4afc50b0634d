import { describe, expect, it } from "vitest";
import { countChanges, diffAgainstSpec, diffFingerprints, NOT_COLLECTED, sideBySide, type DiffRow } from "./diff";
import { computeDrift } from "./drift";
import { specFromFingerprint } from "./spec";
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
import type { Spec } from "./types";

const before = webHost();
const editedIni = conffile(PHP_INI, "libapache2-mod-php8.2", "display_errors = On", true);
// A month in the life of a mutable host: upgrade, a module installed, a hand edit, a removal.
const after = withoutConfigs(
  withConfigs(
    withoutPackages(withPackages(before, deb("openssl", "3.0.17-1~deb12u3"), deb("php8.2-gd", PHP), deb("libc6", LIBC, "i386")), "cron"),
    editedIni,
    symlink("/etc/php/8.2/apache2/conf.d/20-gd.ini", "/etc/php/8.2/mods-available/gd.ini"),
  ),
  "/etc/cron.d/php",
);

const row = (rows: DiffRow[], key: string) => rows.find((r) => r.key === key);

describe("diffFingerprints", () => {
  it("lists what changed between two points of a host's history", () => {
    const d = diffFingerprints(before, { ...after, os: { ...after.os, kernel: "6.1.0-38-amd64" } });
    expect(d.os).toEqual([{ field: "kernel", from: "6.1.0-37-amd64", to: "6.1.0-38-amd64" }]);
    expect(d.packages).toEqual({
      added: [
        { key: "libc6:i386", version: LIBC },
        { key: "php8.2-gd", version: PHP },
      ],
      removed: [{ key: "cron", version: "3.0pl1-162" }],
      changed: [{ key: "openssl", from: OPENSSL, to: "3.0.17-1~deb12u3" }],
    });
    expect(d.configs.added).toEqual([{ path: "/etc/php/8.2/apache2/conf.d/20-gd.ini", value: "symlink:/etc/php/8.2/mods-available/gd.ini" }]);
    expect(d.configs.removed).toEqual([{ path: "/etc/cron.d/php", value: fakeSha("/etc/cron.d/php as shipped") }]);
    expect(d.configs.changed).toEqual([{ path: PHP_INI, from: fakeSha(`${PHP_INI} as shipped`), to: editedIni.sha256, edited: true }]);
    expect(countChanges(d)).toBe(8);
  });

  it("is empty for the same content and mirrors when swapped", () => {
    expect(countChanges(diffFingerprints(before, webHost()))).toBe(0);
    const back = diffFingerprints(after, before);
    expect(back.packages.added).toEqual([{ key: "cron", version: "3.0pl1-162" }]);
    expect(back.packages.removed.map((p) => p.key)).toEqual(["libc6:i386", "php8.2-gd"]);
    expect(back.configs.changed[0].edited).toBe(false);
  });
});

describe("diffAgainstSpec", () => {
  const spec = specFromFingerprint(before);

  it("has one row per package and config from either side", () => {
    const rows = diffAgainstSpec(after, spec);
    expect(row(rows, "openssl")).toEqual({ section: "package", key: "openssl", left: "3.0.17-1~deb12u3", right: OPENSSL, status: "differs" });
    expect(row(rows, "apache2")).toEqual({ section: "package", key: "apache2", left: APACHE, right: APACHE, status: "same" });
    expect(row(rows, "php8.2-gd")).toMatchObject({ left: PHP, right: null, status: "only-left" });
    expect(row(rows, "cron")).toMatchObject({ left: null, right: "3.0pl1-162", status: "only-right" });
    expect(row(rows, PHP_INI)).toMatchObject({ section: "config", left: editedIni.sha256, status: "differs" });
    expect(row(rows, "/etc/cron.d/php")).toMatchObject({ left: null, status: "only-right" });
    const keys = rows.map((r) => `${r.section} ${r.key}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("says the spec's files are not collected on a host whose source reports none, and counts no difference for them", () => {
    const sbom = { ...after, configs: [] };
    const rows = diffAgainstSpec(sbom, spec, { configsCollected: false });
    const configs = rows.filter((r) => r.section === "config");
    expect(configs.length).toBe(Object.keys(spec.configs.files).length);
    expect(row(rows, PHP_INI)).toMatchObject({ left: NOT_COLLECTED, right: spec.configs.files[PHP_INI], status: "ignored" });
    expect(configs.filter((r) => r.status !== "ignored")).toEqual([]);
    expect(row(rows, "openssl")).toMatchObject({ status: "differs" });
    expect(row(diffAgainstSpec(sbom, spec), "/etc/cron.d/php")).toMatchObject({ left: null, status: "only-right" });
  });

  it("sorts packages then configs by key, or differences first", () => {
    const rows = diffAgainstSpec(after, spec);
    const packageKeys = rows.filter((r) => r.section === "package").map((r) => r.key);
    expect(packageKeys).toEqual([...packageKeys].sort());
    expect(rows.findIndex((r) => r.section === "config")).toBe(packageKeys.length);

    const diffFirst = diffAgainstSpec(after, spec, { differencesFirst: true });
    const firstSame = diffFirst.findIndex((r) => r.status === "same");
    // Security-relevant paths (cron) lead the differences.
    expect(diffFirst.slice(0, firstSame).map((r) => r.key)).toEqual([
      "/etc/cron.d/php",
      "cron",
      "libc6:i386",
      "openssl",
      "php8.2-gd",
      "/etc/php/8.2/apache2/conf.d/20-gd.ini",
      PHP_INI,
    ]);
    expect(diffFirst.slice(firstSame).every((r) => r.status === "same")).toBe(true);
  });

  it('treats "*" as same when present, marks ignored paths, and agrees with computeDrift', () => {
    const loose: Spec = {
      packages: { mode: "allow-extras", pins: { "php8.2": "*", "libc6:amd64": LIBC } },
      configs: { mode: "listed", files: { "/etc/cron.d/php": "*", "/etc/network/interfaces": fakeSha("x") } },
      ignore: ["/etc/network/interfaces"],
    };
    const host = withConfigs(before, plainFile("/etc/network/interfaces", "address 10.0.0.5"));
    const rows = diffAgainstSpec(host, loose);
    expect(row(rows, "php8.2")).toMatchObject({ right: "*", status: "same" });
    expect(row(rows, "libc6")).toMatchObject({ left: LIBC, right: LIBC, status: "same" });
    expect(row(rows, "libc6:amd64")).toBeUndefined();
    expect(row(rows, "/etc/cron.d/php")).toMatchObject({ status: "same" });
    expect(row(rows, "/etc/network/interfaces")).toMatchObject({ status: "ignored", left: fakeSha("address 10.0.0.5") });
    expect(computeDrift(host, loose)).toEqual([]);
  });

  it("flags exactly the rows computeDrift reports for an exact spec", () => {
    const drifted = new Set(computeDrift(after, spec).map((i) => i.subject));
    const differing = diffAgainstSpec(after, spec).filter((r) => r.status !== "same" && r.status !== "ignored");
    expect(new Set(differing.map((r) => r.key))).toEqual(drifted);
  });
});

describe("sideBySide", () => {
  it("compares two hosts in the same row format", () => {
    const rows = sideBySide(before, after, { differencesFirst: true });
    expect(rows[0]).toMatchObject({ section: "config", key: "/etc/cron.d/php", right: null, status: "only-left" });
    expect(rows[1]).toEqual({ section: "package", key: "cron", left: "3.0pl1-162", right: null, status: "only-left" });
    expect(row(rows, "php8.2-gd")).toMatchObject({ left: null, right: PHP, status: "only-right" });
    expect(row(rows, "/etc/localtime")).toMatchObject({ left: "symlink:/usr/share/zoneinfo/Etc/UTC", status: "same" });
    expect(rows.filter((r) => r.status !== "same")).toHaveLength(7);
  });

  it("marks host-specific files ignored by default, compared when asked", () => {
    const a = withConfigs(before, plainFile("/etc/network/interfaces", "address 10.0.0.5"));
    const b = withConfigs(before, plainFile("/etc/network/interfaces", "address 10.0.0.6"));
    expect(row(sideBySide(a, b), "/etc/network/interfaces")!.status).toBe("ignored");
    expect(row(sideBySide(a, b, { ignore: [] }), "/etc/network/interfaces")!.status).toBe("differs");
  });
});

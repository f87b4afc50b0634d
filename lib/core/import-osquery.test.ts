import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { importOsquery } from "./import-osquery";
import { ImportProblem } from "./import-report";

const fixture = (name: string) => JSON.parse(fs.readFileSync(`fixtures/imports/${name}`, "utf8"));
const report = JSON.parse(fs.readFileSync("fixtures/debian-12/report.json", "utf8")) as { packages: { name: string; version: string; arch: string }[]; configs: { path: string; sha256: string | null }[] };

describe("importOsquery", () => {
  it("reads the combined tables: versions and hashes exactly as the agent reported the same host", () => {
    const r = importOsquery(fixture("osquery-debian12-combined.json"));
    expect(r.hostname).toBe("web-01");
    expect(r.packages).toHaveLength(12);
    for (const p of r.packages) expect(report.packages).toContainEqual(p);
    expect(r.packages).toContainEqual({ manager: "dpkg", name: "openssh-server", version: "1:9.2p1-2+deb12u10", arch: "amd64" });
    expect(r.configs).toHaveLength(4);
    for (const c of r.configs) expect(c.sha256).toBe(report.configs.find((e) => e.path === c.path)?.sha256);
    expect(r.configsCollected).toBe(true);
    expect(r.os).toMatchObject({ id: "debian", versionId: "12", prettyName: "Debian GNU/Linux 12 (bookworm)" });
  });

  it("reads a bare array of deb_packages rows by its columns; without hash rows configs are not collected", () => {
    const r = importOsquery(fixture("osquery-debian12-deb_packages.json"));
    expect(r.packages).toHaveLength(12);
    expect(r.configsCollected).toBe(false);
    expect(r.hostname).toBeNull();
  });

  it("leaves out deb packages dpkg does not count as installed", () => {
    const rows = [
      { name: "a", version: "1", arch: "amd64", status: "install ok installed" },
      { name: "b", version: "1", arch: "amd64", status: "deinstall ok config-files" },
      { name: "c", version: "1", arch: "amd64", status: "install ok triggers-pending" },
    ];
    expect(importOsquery({ deb_packages: rows }).packages.map((p) => p.name)).toEqual(["a", "c"]);
  });

  it("reads Fleet's query report of rpm_packages for the host asked for, epoch:version-release, no gpg-pubkey", () => {
    const r = importOsquery(fixture("fleet-report-rpm_packages.json"), { hostname: "centos-a" });
    expect(r.hostname).toBe("centos-a");
    expect(r.packages).toEqual([
      { manager: "rpm", name: "bash", version: "4.2.46-31.el7", arch: "x86_64" },
      { manager: "rpm", name: "openssl-libs", version: "1:1.0.2k-16.el7", arch: "x86_64" },
    ]);
  });

  it("asks which host when a Fleet report holds several, and which table when the columns do not say", () => {
    expect(() => importOsquery(fixture("fleet-report-rpm_packages.json"))).toThrow(/2 hosts \(centos-a, centos-b\).*&hostname=/);
    expect(() => importOsquery([{ name: "musl", version: "1.2.4-r2" }])).toThrow(/&table=/);
    expect(importOsquery([{ name: "musl", version: "1.2.4-r2", arch: "x86_64" }], { table: "apk_packages" }).packages).toEqual([
      { manager: "apk", name: "musl", version: "1.2.4-r2", arch: "x86_64" },
    ]);
  });

  it("refuses bodies without any table it reads", () => {
    expect(() => importOsquery({ hostname: "x", users: [] })).toThrow(ImportProblem);
    expect(() => importOsquery({ deb_packages: "bash" })).toThrow(/deb_packages must be an array/);
  });
});

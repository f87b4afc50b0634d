import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { importAnsible } from "./import-ansible";
import { ImportProblem } from "./import-report";

const fixture = (name: string) => JSON.parse(fs.readFileSync(`fixtures/imports/${name}`, "utf8"));
const report = JSON.parse(fs.readFileSync("fixtures/debian-12/report.json", "utf8")) as { configs: { path: string; sha256: string | null; target?: string }[] };

describe("importAnsible", () => {
  it("reads package_facts: apt versions whole (epochs included), no configs without stat", () => {
    const r = importAnsible(fixture("ansible-ubuntu2204-package-facts.json"));
    expect(r.packages).toHaveLength(18);
    expect(r.packages).toContainEqual({ manager: "dpkg", name: "dmsetup", version: "2:1.02.175-2.1ubuntu4", arch: "amd64" });
    expect(r.packages).toContainEqual({ manager: "dpkg", name: "adduser", version: "3.118ubuntu5", arch: "all" });
    expect(r.configsCollected).toBe(false);
  });

  it("reads stat results of a registered loop: sha256 files, symlinks, absent files left out", () => {
    const facts = fixture("ansible-ubuntu2204-package-facts.json");
    const r = importAnsible({ ...facts, stat: fixture("ansible-stat-loop.json") });
    expect(r.configsCollected).toBe(true);
    expect(r.configs).toHaveLength(3);
    for (const c of r.configs) {
      const agent = report.configs.find((e) => e.path === c.path)!;
      expect(c.type === "symlink" ? c.target : c.sha256).toBe(c.type === "symlink" ? agent.target : agent.sha256);
    }
  });

  it("writes rpm entries as epoch:version-release and reads facts with or without the ansible_ prefix", () => {
    const r = importAnsible({
      ansible_hostname: "db-1",
      ansible_machine_id: "4c4c4544004c",
      ansible_distribution: "RedHat",
      ansible_distribution_version: "9.3",
      ansible_architecture: "x86_64",
      packages: {
        "openssl-libs": [{ name: "openssl-libs", version: "3.0.7", release: "25.el9_3", epoch: 1, arch: "x86_64", source: "rpm" }],
        bash: [{ name: "bash", version: "5.1.8", release: "6.el9", epoch: null, arch: "x86_64", source: "rpm" }],
        requests: [{ name: "requests", version: "2.31.0", source: "pip" }],
      },
    });
    expect(r.packages).toEqual([
      { manager: "rpm", name: "openssl-libs", version: "1:3.0.7-25.el9_3", arch: "x86_64" },
      { manager: "rpm", name: "bash", version: "5.1.8-6.el9", arch: "x86_64" },
    ]);
    expect(r).toMatchObject({ hostname: "db-1", machineId: "4c4c4544004c", os: { id: "rhel", versionId: "9.3" } });
  });

  it("refuses sha1 checksums (stat's default) and facts without packages", () => {
    const stat = { stat: { exists: true, path: "/etc/hosts", isreg: true, checksum: "da39a3ee5e6b4b0d3255bfef95601890afd80709" } };
    expect(() => importAnsible({ packages: {}, stat })).toThrow(/sha1 checksum; run stat with checksum_algorithm: sha256/);
    expect(() => importAnsible({ ansible_facts: {} })).toThrow(ImportProblem);
  });
});

import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { importCycloneDx } from "./import-cyclonedx";
import { ImportProblem } from "./import-report";

const fixture = (name: string) => JSON.parse(fs.readFileSync(`fixtures/imports/${name}`, "utf8"));

describe("importCycloneDx", () => {
  it("reads Trivy's SBOM of a Debian image: deb packages only, epochs as dpkg writes them, the OS component", () => {
    const r = importCycloneDx(fixture("trivy-debian10-fluentd.cdx.json"));
    expect(r.packages).toHaveLength(105); // the 55 gems are not OS packages
    expect(r.packages.every((p) => p.manager === "dpkg")).toBe(true);
    expect(r.packages).toContainEqual({ manager: "dpkg", name: "bsdutils", version: "1:2.33.1-0.1", arch: "amd64" });
    expect(r.os).toMatchObject({ id: "debian", versionId: "10.2" });
    expect(r).toMatchObject({ configs: [], configsCollected: false, hostname: null, machineId: null });
  });

  it("reads Trivy's SBOM of a CentOS image: rpm epoch qualifier as epoch:version-release", () => {
    const r = importCycloneDx(fixture("trivy-centos7.cdx.json"));
    expect(r.packages).toEqual([
      { manager: "rpm", name: "bash", version: "4.2.46-31.el7", arch: "x86_64" },
      { manager: "rpm", name: "openssl-libs", version: "1:1.0.2k-16.el7", arch: "x86_64" },
    ]);
    expect(r.os).toMatchObject({ id: "centos", versionId: "7.6.1810" });
  });

  it("reads Syft's SBOM: the OS from syft:distro properties, a non-purl component skipped", () => {
    const r = importCycloneDx(fixture("syft-image.cdx.json"));
    expect(r.packages).toEqual([{ manager: "dpkg", name: "package-2", version: "2.0.1", arch: "" }]);
    expect(r.os).toMatchObject({ id: "debian", versionId: "1.2.3", prettyName: "debian" });
  });

  it("refuses what is not CycloneDX", () => {
    expect(() => importCycloneDx(fixture("trivy-centos7.spdx.json"))).toThrow(ImportProblem);
    expect(() => importCycloneDx([])).toThrow(/bomFormat/);
  });
});

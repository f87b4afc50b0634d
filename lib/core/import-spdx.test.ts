import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { ImportProblem } from "./import-report";
import { importSpdx } from "./import-spdx";

const fixture = (name: string) => JSON.parse(fs.readFileSync(`fixtures/imports/${name}`, "utf8"));

describe("importSpdx", () => {
  it("reads Trivy's SPDX of a CentOS image from the purls, not versionInfo", () => {
    const r = importSpdx(fixture("trivy-centos7.spdx.json"));
    // versionInfo says "4.2.46" and "1:1.0.2k-19.el7" in this document; the purls say what is installed.
    expect(r.packages).toEqual([
      { manager: "rpm", name: "bash", version: "4.2.46-31.el7", arch: "x86_64" },
      { manager: "rpm", name: "openssl-libs", version: "1:1.0.2k-16.el7", arch: "x86_64" },
    ]);
    expect(r.os).toEqual({ id: "centos", versionId: "7.6.1810" });
    expect(r.configsCollected).toBe(false);
  });

  it("reads Syft's SPDX: python and the image itself are not OS packages; the OS from the purl's namespace", () => {
    const r = importSpdx(fixture("syft-image.spdx.json"));
    expect(r.packages).toEqual([{ manager: "dpkg", name: "package-2", version: "2.0.1", arch: "" }]);
    expect(r.os).toEqual({ id: "debian", versionId: "" });
  });

  it("refuses what is not SPDX JSON", () => {
    expect(() => importSpdx(fixture("syft-image.cdx.json"))).toThrow(ImportProblem);
    expect(() => importSpdx({ spdxVersion: "SPDX-2.3" })).toThrow(/packages/);
  });
});

import { describe, expect, it } from "vitest";
import { distroOfPurl, packageOfPurl, parsePurl } from "./purl";

describe("parsePurl", () => {
  it("reads type, namespace, name, version and qualifiers, percent-decoded", () => {
    expect(parsePurl("pkg:deb/debian/login@1%3A4.13%2Bdfsg1-1%2Bb1?arch=amd64&distro=debian-12")).toEqual({
      type: "deb",
      namespace: "debian",
      name: "login",
      version: "1:4.13+dfsg1-1+b1",
      qualifiers: { arch: "amd64", distro: "debian-12" },
    });
  });
  it("refuses what is not a purl", () => {
    expect(parsePurl("a-purl-1")).toBeNull();
    expect(parsePurl("cpe:2.3:a:openssl:openssl:3.0.11")).toBeNull();
  });
});

describe("packageOfPurl", () => {
  const pkg = (s: string) => packageOfPurl(parsePurl(s)!);
  it("writes an rpm epoch qualifier as rpm's epoch:version-release", () => {
    expect(pkg("pkg:rpm/centos/openssl-libs@1.0.2k-16.el7?arch=x86_64&epoch=1&distro=centos-7.6.1810")).toEqual({
      manager: "rpm",
      name: "openssl-libs",
      version: "1:1.0.2k-16.el7",
      arch: "x86_64",
    });
  });
  it("writes a deb epoch qualifier as dpkg's epoch:upstream-revision, once", () => {
    expect(pkg("pkg:deb/debian/bsdutils@2.33.1-0.1?arch=amd64&distro=debian-10.2&epoch=1")?.version).toBe("1:2.33.1-0.1");
    expect(pkg("pkg:deb/debian/bsdutils@1:2.33.1-0.1?arch=amd64&epoch=1")?.version).toBe("1:2.33.1-0.1");
  });
  it("keeps apk versions as they are and leaves an unknown arch empty", () => {
    expect(pkg("pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=3.18.4")).toEqual({ manager: "apk", name: "musl", version: "1.2.4-r2", arch: "x86_64" });
    expect(pkg("pkg:deb/debian/package-2@2.0.1")?.arch).toBe("");
  });
  it("has no package for other ecosystems or a purl without a version", () => {
    expect(pkg("pkg:gem/fluentd@1.3.3")).toBeNull();
    expect(pkg("pkg:deb/debian/bash")).toBeNull();
  });
});

describe("distroOfPurl", () => {
  it("splits the distro qualifier into id and version", () => {
    expect(distroOfPurl(parsePurl("pkg:deb/debian/bash@5.0-4?distro=debian-10.2")!)).toEqual({ id: "debian", versionId: "10.2" });
    expect(distroOfPurl(parsePurl("pkg:rpm/centos/bash@4.2.46-31.el7?distro=centos-7.6.1810")!)).toEqual({ id: "centos", versionId: "7.6.1810" });
    expect(distroOfPurl(parsePurl("pkg:apk/alpine/musl@1.2.4-r2?distro=3.18.4")!)).toEqual({ id: "alpine", versionId: "3.18.4" });
  });
  it("falls back to the namespace", () => {
    expect(distroOfPurl(parsePurl("pkg:deb/debian/package-2@2.0.1")!)).toEqual({ id: "debian", versionId: "" });
  });
});

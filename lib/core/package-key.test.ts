import { describe, expect, it } from "vitest";
import { compareStrings, configValue, indexPackages, resolvePinKey, shortValue, UNREADABLE } from "./package-key";
import { BOOKWORM, deb, fakeSha, LIBC, PHP_INI, symlink } from "./test-fixtures";

describe("resolvePinKey", () => {
  const index = indexPackages({ os: BOOKWORM, packages: [deb("libc6", LIBC), deb("libc6", LIBC, "i386"), deb("tzdata", "2025b-0+deb12u1", "all")] });

  it("keeps keys the host has", () => {
    expect(resolvePinKey("libc6", index, "amd64")).toBe("libc6");
    expect(resolvePinKey("libc6:i386", index, "amd64")).toBe("libc6:i386");
  });

  it("maps native and neutral dpkg-style arch suffixes to the plain name", () => {
    expect(resolvePinKey("libc6:amd64", index, "amd64")).toBe("libc6");
    expect(resolvePinKey("tzdata:all", index, "amd64")).toBe("tzdata");
  });

  it("leaves unknown keys as written", () => {
    expect(resolvePinKey("libc6:armhf", index, "amd64")).toBe("libc6:armhf");
    expect(resolvePinKey("nginx", index, "amd64")).toBe("nginx");
  });
});

describe("configValue", () => {
  it("speaks the spec's vocabulary", () => {
    expect(configValue({ path: PHP_INI, type: "file", sha256: fakeSha("x") })).toBe(fakeSha("x"));
    expect(configValue(symlink("/etc/localtime", "/usr/share/zoneinfo/Etc/UTC"))).toBe("symlink:/usr/share/zoneinfo/Etc/UTC");
    expect(configValue({ path: "/etc/shadow", type: "file", sha256: null })).toBe(UNREADABLE);
  });
});

describe("shortValue", () => {
  it("shortens sha256 digests only", () => {
    expect(shortValue(fakeSha("x"))).toBe(fakeSha("x").slice(0, 12));
    expect(shortValue("2.4.62-1~deb12u2")).toBe("2.4.62-1~deb12u2");
    expect(shortValue("symlink:/etc/x")).toBe("symlink:/etc/x");
  });
});

describe("compareStrings", () => {
  it("orders by code unit, independent of locale", () => {
    expect(["php8.2", "PHP", "apache2", "Z", "_"].sort(compareStrings)).toEqual(["PHP", "Z", "_", "apache2", "php8.2"]);
  });
});

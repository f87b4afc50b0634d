import { describe, expect, it } from "vitest";
import { compareApk, compareRpm, compareVersionsOf, rpmvercmp } from "./version-order";

const order = (cmp: (a: string, b: string) => number, ...vs: string[]) => {
  for (let i = 0; i + 1 < vs.length; i++) {
    expect(Math.sign(cmp(vs[i], vs[i + 1])), `${vs[i]} < ${vs[i + 1]}`).toBe(-1);
    expect(Math.sign(cmp(vs[i + 1], vs[i])), `${vs[i + 1]} > ${vs[i]}`).toBe(1);
  }
};

describe("rpm order (rpmvercmp's own test cases)", () => {
  it("orders numbers, letters, tildes and carets as rpm does", () => {
    expect(rpmvercmp("1.0", "1.0")).toBe(0);
    expect(rpmvercmp("1.0", "1.0.0") < 0).toBe(true);
    expect(rpmvercmp("2.0.1a", "2.0.1a")).toBe(0);
    expect(rpmvercmp("5.5p1", "5.5p2") < 0).toBe(true);
    expect(rpmvercmp("10xyz", "10.1xyz") < 0).toBe(true);
    expect(rpmvercmp("xyz10", "xyz10.1") < 0).toBe(true);
    expect(rpmvercmp("1.0a", "1.0")).toBe(1);
    expect(rpmvercmp("1.0", "1.0a")).toBe(-1);
    expect(rpmvercmp("1.0~rc1", "1.0")).toBe(-1);
    expect(rpmvercmp("1.0~rc1", "1.0~rc2")).toBe(-1);
    expect(rpmvercmp("1.0^", "1.0")).toBe(1);
    expect(rpmvercmp("1.0^git1", "1.01")).toBe(-1);
    expect(rpmvercmp("1.0_1", "1.0.1")).toBe(0); // separators differ only
    expect(rpmvercmp("a", "1")).toBe(-1);
  });
  it("compares epoch, then version, then release", () => {
    order(compareRpm, "3.0.7-24.el9", "3.0.7-25.el9", "3.0.8-1.el9", "1:3.0.1-1.el9");
    expect(compareRpm("5.14.0-362.8.1.el9_3", "5.14.0-362.13.1.el9_3")).toBe(-1);
  });
});

describe("apk order", () => {
  it("orders digits, letters, suffixes and revisions as apk-tools does", () => {
    order(compareApk, "1.2_alpha1", "1.2_beta", "1.2_rc2", "1.2", "1.2-r1", "1.2_p1", "1.2a", "1.2.1", "1.10");
    expect(compareApk("3.1.4-r5", "3.1.4-r5")).toBe(0);
    order(compareApk, "3.1.4-r5", "3.1.4-r6", "3.1.5-r0");
  });
});

describe("compareVersionsOf", () => {
  it("takes each manager's order (dpkg's ~ and epochs included)", () => {
    expect(compareVersionsOf("dpkg", "3.0.19-1~deb12u3", "3.0.19-1~deb12u4")).toBe(-1);
    expect(compareVersionsOf("dpkg", "1:1.0", "2.0")).toBeGreaterThan(0);
    expect(compareVersionsOf("rpm", "3.0.7-25.el9", "3.0.7-24.el9")).toBe(1);
    expect(compareVersionsOf("apk", "3.3.2-r0", "3.3.10-r0")).toBe(-1);
  });
});

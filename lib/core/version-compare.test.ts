import { describe, expect, it } from "vitest";
import { compareVersions } from "./version-compare";

const older = (a: string, b: string) => {
  expect(compareVersions(a, b)).toBeLessThan(0);
  expect(compareVersions(b, a)).toBeGreaterThan(0);
};

describe("compareVersions (dpkg order)", () => {
  it("orders Debian security updates", () => {
    older("2.4.62-1~deb12u1", "2.4.62-1~deb12u2");
    older("3.0.17-1~deb12u2", "3.0.17-1~deb12u3");
    older("2.36-9+deb12u9", "2.36-9+deb12u10");
    older("6.1.0-28", "6.1.0-31");
  });

  it("compares digit runs as numbers, not text", () => {
    older("1.9", "1.10");
    older("1.0.9", "1.0.10");
    expect(compareVersions("1.01", "1.1")).toBe(0);
  });

  it("sorts ~ before the end, and the end before anything else", () => {
    older("1.0~rc1", "1.0");
    older("1.0~~", "1.0~");
    older("1.0", "1.0a");
    older("1.0", "1.0+b1");
    older("1.0-1~bpo12+1", "1.0-1");
  });

  it("puts letters before other symbols", () => {
    older("1.0a", "1.0+");
    older("1.0a", "1.0.");
  });

  it("lets the epoch win over everything", () => {
    older("9.9-9", "1:0.1-1");
    older("1:2.0", "2:1.0");
    expect(compareVersions("0:1.2-3", "1.2-3")).toBe(0);
  });

  it("splits the revision at the last dash", () => {
    older("1.2-3-1", "1.2-3-2");
    older("1.2-3", "1.2.1-1");
  });

  it("treats equal strings as equal", () => {
    expect(compareVersions("8.2.29-1~deb12u1", "8.2.29-1~deb12u1")).toBe(0);
    expect(compareVersions("", "")).toBe(0);
  });
});

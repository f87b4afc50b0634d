import { describe, expect, it } from "vitest";
import { safeNextPath, signInPath } from "./redirect-path";

describe("safeNextPath", () => {
  it("keeps paths on this site", () => {
    expect(safeNextPath("/fleets/web?drifted=1")).toBe("/fleets/web?drifted=1");
    expect(safeNextPath("/settings/tokens")).toBe("/settings/tokens");
  });

  it("refuses anything a browser would take to another site, and loops back to sign-in", () => {
    for (const bad of ["https://evil.example/", "//evil.example", "/\\evil.example", "evil", "", null, undefined, "/x\nLocation: y", "/sign-in?next=/"]) {
      expect(safeNextPath(bad)).toBe("/");
    }
  });

  it("builds the sign-in link, omitting next when it is the home page", () => {
    expect(signInPath("/fleets/a b")).toBe("/sign-in?next=%2Ffleets%2Fa%20b");
    expect(signInPath("/")).toBe("/sign-in");
    expect(signInPath("//evil")).toBe("/sign-in");
  });
});

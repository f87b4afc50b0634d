import { describe, expect, it } from "vitest";
import { shouldWait } from "./spacing";

describe("spacing of costly work", () => {
  it("never holds back what ran never or cheaply", () => {
    expect(shouldWait(undefined, 1_000, 250)).toBe(false);
    expect(shouldWait({ at: 990, ms: 100 }, 1_000, 250)).toBe(false);
  });

  it("holds costly work back for ten times its cost", () => {
    expect(shouldWait({ at: 1_000, ms: 300 }, 3_999, 250)).toBe(true);
    expect(shouldWait({ at: 1_000, ms: 300 }, 4_000, 250)).toBe(false);
  });

  it("holds it back no longer than the longest wait given", () => {
    expect(shouldWait({ at: 1_000, ms: 3_000 }, 5_999, 250, 5_000)).toBe(true);
    expect(shouldWait({ at: 1_000, ms: 3_000 }, 6_000, 250, 5_000)).toBe(false);
    expect(shouldWait({ at: 1_000, ms: 3_000 }, 6_000, 250)).toBe(true);
  });
});

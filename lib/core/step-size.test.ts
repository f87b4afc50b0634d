import { describe, expect, it } from "vitest";
import { nextStepSize } from "./step-size";

const b = { targetMs: 10, min: 2, max: 100 };

describe("step sizes of long jobs", () => {
  it("shrinks a step that held the thread too long, to about the target", () => {
    expect(nextStepSize(50, 100, b)).toBe(5);
    expect(nextStepSize(50, 1_000, b)).toBe(2); // never below the minimum: the job still ends
  });

  it("grows a cheap step at most twofold, up to the maximum", () => {
    expect(nextStepSize(10, 1, b)).toBe(20);
    expect(nextStepSize(80, 1, b)).toBe(100);
    expect(nextStepSize(10, 0, b)).toBe(20);
  });

  it("keeps a step that costs about the target", () => {
    expect(nextStepSize(20, 10, b)).toBe(20);
  });
});

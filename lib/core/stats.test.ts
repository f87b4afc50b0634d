import { describe, expect, it } from "vitest";
import { mean, median, percentile } from "./stats";

describe("median", () => {
  it("takes the middle value, or the mean of the two middle ones", () => {
    expect(median([7, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([0])).toBe(0);
  });

  it("is null for no values and ignores non-finite ones", () => {
    expect(median([])).toBeNull();
    expect(median([Number.NaN, 5, Number.POSITIVE_INFINITY])).toBe(5);
  });

  it("leaves its input alone", () => {
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
  });
});

describe("percentile", () => {
  it("interpolates between closest ranks", () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(xs, 90)).toBeCloseTo(9.1);
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile(xs, 100)).toBe(10);
    expect(percentile([0, 0, 0, 0, 0, 0, 0, 0, 0, 40], 90)).toBeCloseTo(4);
  });

  it("rejects p outside 0..100", () => {
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe("mean", () => {
  it("averages finite values", () => {
    expect(mean([1, 2, 3, 6])).toBe(3);
    expect(mean([])).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { diffIds, fromDeltas, sameIds, toDeltas } from "./id-deltas";

describe("id deltas", () => {
  it("stores sorted ids as differences and reads them back", () => {
    expect(toDeltas([7, 3, 4, 10])).toEqual([3, 1, 3, 3]);
    expect(fromDeltas([3, 1, 3, 3])).toEqual([3, 4, 7, 10]);
  });

  it("round-trips empty, single and duplicate-free large lists", () => {
    expect(fromDeltas(toDeltas([]))).toEqual([]);
    expect(fromDeltas(toDeltas([42]))).toEqual([42]);
    const ids = Array.from({ length: 1800 }, (_, i) => 1 + i * 2 + (i % 7 === 0 ? 100_000 : 0));
    expect(fromDeltas(toDeltas(ids))).toEqual([...ids].sort((a, b) => a - b));
  });

  it("tells two id lists apart: what one has that the other has not, both ways, up to a limit", () => {
    expect(diffIds([1, 2, 5, 9], [1, 3, 5, 7, 9, 11], 10)).toEqual({ added: [2], removed: [3, 7, 11] });
    expect(diffIds([], [4], 10)).toEqual({ added: [], removed: [4] });
    expect(diffIds([4, 8], [], 10)).toEqual({ added: [4, 8], removed: [] });
    expect(diffIds([1, 2, 3], [1, 2, 3], 0)).toEqual({ added: [], removed: [] });
    expect(diffIds([1, 2, 5, 9], [1, 3, 5, 7, 9, 11], 4)).toEqual({ added: [2], removed: [3, 7, 11] });
    expect(diffIds([1, 2, 5, 9], [1, 3, 5, 7, 9, 11], 3)).toBeNull();
    expect(sameIds([1, 2], [1, 2])).toBe(true);
    expect(sameIds([1, 2], [1, 3])).toBe(false);
    expect(sameIds([1], [1, 2])).toBe(false);
  });
});

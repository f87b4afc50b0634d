import { describe, expect, it } from "vitest";
import { fromDeltas, toDeltas } from "./id-deltas";

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
});

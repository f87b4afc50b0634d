import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH, findTooDeep } from "./json-depth";

const nested = (n: number, open = "[", close = "]") => open.repeat(n) + close.repeat(n);

describe("findTooDeep", () => {
  it("allows nesting up to the limit and points at the first bracket past it", () => {
    expect(findTooDeep(nested(MAX_JSON_DEPTH))).toBe(-1);
    expect(findTooDeep(nested(MAX_JSON_DEPTH + 1))).toBe(MAX_JSON_DEPTH);
    expect(findTooDeep('{"a":{"b":[{"c":[1]}]}}', 5)).toBe(-1);
    expect(findTooDeep('{"a":{"b":[{"c":[1]}]}}', 4)).toBe(16);
  });

  it("counts depth, not brackets: siblings do not add up", () => {
    expect(findTooDeep(`[${Array(10_000).fill("[[1]]").join(",")}]`, 3)).toBe(-1);
  });

  it("ignores brackets inside strings, escaped quotes included", () => {
    expect(findTooDeep(JSON.stringify({ p: "[".repeat(100) }), 2)).toBe(-1);
    expect(findTooDeep(JSON.stringify({ p: 'a\\"[[[[[[' + '"[[[[' }), 2)).toBe(-1);
    const tail = JSON.stringify({ p: "ends in a backslash\\" });
    expect(findTooDeep(tail + "[[[", 2)).toBe(tail.length + 2);
    expect(findTooDeep(JSON.stringify(["\\\\", "[[[["]), 1)).toBe(-1);
  });

  it("leaves broken JSON to JSON.parse", () => {
    expect(findTooDeep('["unterminated [[[[[[[')).toBe(-1);
    expect(findTooDeep("")).toBe(-1);
  });

  it("finds the bracket past the limit at once in a nested-array bomb", () => {
    expect(findTooDeep("[".repeat(8 * 1024 * 1024))).toBe(MAX_JSON_DEPTH);
  });

  it("accepts a real report, and scans it faster than JSON.parse reads it", () => {
    const text = fs.readFileSync("fixtures/debian-12/report.json", "utf8");
    expect(findTooDeep(text, 4)).toBe(-1);
    const big = JSON.stringify(Array(20).fill(JSON.parse(text)));
    const time = (f: () => void) => {
      const t = performance.now();
      for (let i = 0; i < 5; i++) f();
      return performance.now() - t;
    };
    time(() => findTooDeep(big)); // warm up
    expect(time(() => findTooDeep(big))).toBeLessThan(time(() => JSON.parse(big)));
  });
});

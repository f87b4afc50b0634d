import { describe, expect, it } from "vitest";
import { SampledMap, sampleOf } from "./sampled-map";

describe("SampledMap", () => {
  it("finds a key by its text, whatever string object spells it", () => {
    const m = new SampledMap<number>();
    const body = `xx${"a".repeat(5000)}yy`;
    m.set(`${"a".repeat(5000)}`, 1);
    expect(m.get(body.slice(2, 5002))).toBe(1);
    expect(m.has(body.slice(2, 5002))).toBe(true);
    expect(m.get(body.slice(1, 5001))).toBeUndefined();
    m.set("short", 2);
    m.set("short", 3);
    expect(m.get("short")).toBe(3);
    expect(m.size).toBe(2);
    m.clear();
    expect(m.size).toBe(0);
    expect(m.get("short")).toBeUndefined();
  });

  it("tells apart keys of one sample by their whole text, and keeps a few of them at most", () => {
    // One character changed in the middle of 4,000, where no sample looks: same sample, different keys.
    const base = "k".repeat(4000);
    const keys = Array.from({ length: 12 }, (_, i) => `${base.slice(0, 2001)}${String.fromCharCode(65 + i)}${base.slice(2002)}`);
    expect(new Set(keys.map(sampleOf)).size).toBe(1);
    const m = new SampledMap<number>();
    keys.forEach((k, i) => m.set(k, i));
    // The newest 8 stay, each found by its own text.
    expect(m.size).toBe(8);
    keys.slice(4).forEach((k, i) => expect(m.get(k)).toBe(i + 4));
    keys.slice(0, 4).forEach((k) => expect(m.get(k)).toBeUndefined());
  });
});

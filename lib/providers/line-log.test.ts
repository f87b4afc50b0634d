import { describe, expect, it } from "vitest";
import { CappedLog } from "./line-log";

describe("CappedLog", () => {
  it("splits lines across chunks and multi-byte characters, dropping CR", () => {
    const lines: string[] = [];
    const s = new CappedLog((l) => lines.push(l)).stream();
    const euro = Buffer.from("€"); // 3 bytes, split across chunks below
    s.push(Buffer.concat([Buffer.from("Plan: 1 to add\r\nprice "), euro.subarray(0, 1)]));
    s.push(Buffer.concat([euro.subarray(1), Buffer.from("5\npartial")]));
    s.end();
    expect(lines).toEqual(["Plan: 1 to add", "price €5", "partial"]);
  });

  it("reports every line to the observer, even past the cap", () => {
    const seen: string[] = [];
    const lines: string[] = [];
    const s = new CappedLog((l) => lines.push(l), 10).stream((l) => seen.push(l));
    s.push(Buffer.from("12345678\nabc\nlast\n"));
    expect(seen).toEqual(["12345678", "abc", "last"]);
    expect(lines).toEqual(["12345678", "… output truncated: the log keeps the first 10 bytes"]);
  });

  it("caps the total across streams and says so once", () => {
    const lines: string[] = [];
    const log = new CappedLog((l) => lines.push(l), 1024);
    const out = log.stream();
    const err = log.stream();
    for (let i = 0; i < 100; i++) (i % 2 ? out : err).push(Buffer.from(`${"x".repeat(30)} ${i}\n`));
    const kept = lines.slice(0, -1).join("\n").length;
    expect(kept).toBeLessThanOrEqual(1024);
    expect(lines.filter((l) => l.startsWith("… output truncated"))).toHaveLength(1);
    expect(log.droppedBytes).toBeGreaterThan(2000);
  });

  it("breaks very long lines", () => {
    const lines: string[] = [];
    const s = new CappedLog((l) => lines.push(l)).stream();
    s.push(Buffer.from("y".repeat(40_000)));
    s.end();
    expect(lines.map((l) => l.length)).toEqual([16384, 16384, 7232]);
  });
});

import { describe, expect, it } from "vitest";
import { FLAG_VALUES, flagOr, parseFlag } from "./query-flag";

describe("parseFlag", () => {
  it.each(["1", "true", "yes", "on", "TRUE", "Yes"])("reads %s as yes", (v) => {
    expect(parseFlag(v)).toEqual({ ok: true, value: true });
  });

  it.each(["0", "false", "no", "off", "False", "OFF"])("reads %s as no", (v) => {
    expect(parseFlag(v)).toEqual({ ok: true, value: false });
  });

  it.each(["", "maybe", "2", "ture", " 1", "yes please"])("refuses %j with a message naming the accepted values", (v) => {
    const r = parseFlag(v);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^1 or 0 \(true\/false, yes\/no and on\/off work too\); got /);
  });

  it("quotes a long bad value only in part", () => {
    const r = parseFlag("x".repeat(500));
    expect(r.ok ? "" : r.error).toHaveLength(`1 or 0 (true/false, yes/no and on/off work too); got "${"x".repeat(40)}"`.length);
  });

  it("lists the eight spellings it accepts", () => {
    expect(FLAG_VALUES).toEqual(["1", "true", "yes", "on", "0", "false", "no", "off"]);
    for (const v of FLAG_VALUES) expect(parseFlag(v).ok).toBe(true);
  });
});

describe("flagOr", () => {
  it("falls back when absent or not a flag, and reads a flag otherwise", () => {
    expect(flagOr(undefined)).toBe(false);
    expect(flagOr(null, true)).toBe(true);
    expect(flagOr("nonsense", true)).toBe(true);
    expect(flagOr("1")).toBe(true);
    expect(flagOr("off", true)).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { csvNumber, csvRecord, csvText, UTF8_BOM } from "./csv";
import { parseCsv } from "./parse-csv";

describe("csvText", () => {
  it("leaves plain text alone", () => {
    expect(csvText("apache2")).toBe("apache2");
    expect(csvText("/etc/häfen/ü.conf")).toBe("/etc/häfen/ü.conf");
    expect(csvText("2.4.62-1~deb12u2")).toBe("2.4.62-1~deb12u2");
  });

  it("writes null as an empty cell", () => {
    expect(csvText(null)).toBe("");
    expect(csvText(undefined)).toBe("");
  });

  it("quotes commas, quotes and line breaks, doubling quotes (RFC 4180)", () => {
    expect(csvText("a,b")).toBe('"a,b"');
    expect(csvText('say "hi"')).toBe('"say ""hi"""');
    expect(csvText("two\nlines")).toBe('"two\nlines"');
    expect(csvText("cr\rhere")).toBe('"cr\rhere"');
  });

  it.each([
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ["@SUM(1+1)", "'@SUM(1+1)"],
    ["+1", "'+1"],
    ["-2+3", "'-2+3"],
    ["-1", "'-1"],
    ["\tx", "'\tx"],
  ])("neutralises a cell starting like a formula: %j", (raw, cell) => {
    expect(csvText(raw)).toBe(cell);
  });

  it("neutralises before quoting, so the apostrophe is inside the quotes", () => {
    expect(csvText('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvText("\rboom")).toBe(`"'\rboom"`);
  });

  it("only looks at the first character", () => {
    expect(csvText("a=b")).toBe("a=b");
    expect(csvText("1-2")).toBe("1-2");
  });
});

describe("csvNumber", () => {
  it("writes numbers unneutralised, null and non-finite as empty", () => {
    expect(csvNumber(3.25)).toBe("3.25");
    expect(csvNumber(0)).toBe("0");
    expect(csvNumber(-1.5)).toBe("-1.5");
    expect(csvNumber(1e-9)).toBe("0");
    expect(csvNumber(null)).toBe("");
    expect(csvNumber(Number.NaN)).toBe("");
    expect(csvNumber(Number.POSITIVE_INFINITY)).toBe("");
  });
});

describe("csvRecord", () => {
  it("ends records with CRLF and round-trips through an RFC 4180 reader", () => {
    const values = ["web-1", "a,b", 'q"q', "multi\nline", "=1+1", "häfen"];
    const text = csvRecord(values.map(csvText)) + csvRecord(["x", csvNumber(2)]);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(parseCsv(text)).toEqual([["web-1", "a,b", 'q"q', "multi\nline", "'=1+1", "häfen"], ["x", "2"]]);
  });

  it("exposes the UTF-8 byte order mark", () => {
    expect(Buffer.from(UTF8_BOM, "utf8")).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });
});

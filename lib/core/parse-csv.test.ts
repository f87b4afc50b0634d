import { describe, expect, it } from "vitest";
import { parseCsv } from "./parse-csv";

describe("parseCsv", () => {
  it("reads quoted cells with commas, doubled quotes and line breaks", () => {
    expect(parseCsv('a,"b,c","say ""hi""","two\r\nlines"\r\n,x\r\n')).toEqual([["a", "b,c", 'say "hi"', "two\r\nlines"], ["", "x"]]);
  });

  it("returns no row for text without a CRLF", () => {
    expect(parseCsv("a,b")).toEqual([]);
  });
});

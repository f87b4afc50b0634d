import { describe, expect, it } from "vitest";
import { findPdfFonts, toWinAnsi } from "./pdf-font";

describe("findPdfFonts", () => {
  it("prefers FLEETPRINT_PDF_FONT, then the Debian fonts, then standard Helvetica", () => {
    const has = (...paths: string[]) => (p: string) => paths.includes(p);
    expect(findPdfFonts({ FLEETPRINT_PDF_FONT: "/x.ttf" }, has("/x.ttf"))).toEqual({ regular: "/x.ttf", bold: "/x.ttf", standard: false });
    const lib = "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf";
    expect(findPdfFonts({ FLEETPRINT_PDF_FONT: "/missing.ttf" }, has(lib))).toMatchObject({ regular: lib, bold: lib, standard: false });
    expect(findPdfFonts({}, has())).toEqual({ regular: "Helvetica", bold: "Helvetica-Bold", standard: true });
  });

  it("finds a real TrueType font on this machine (fonts-dejavu-core or fonts-liberation)", () => {
    expect(findPdfFonts({}).standard).toBe(false);
  });
});

describe("toWinAnsi", () => {
  it("keeps what WinAnsi has, including Latin-1 accents and typographic punctuation", () => {
    expect(toWinAnsi("/etc/häfen/ü.conf — “ok” … €")).toBe("/etc/häfen/ü.conf — “ok” … €");
  });

  it("drops accents WinAnsi lacks and replaces the rest", () => {
    expect(toWinAnsi("Łódź őrült")).toBe("Lódz orült");
    expect(toWinAnsi("сервер 東京")).toBe("?????? ??");
    expect(toWinAnsi("a\tb")).toBe("a b");
  });
});

import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { drawColumns, drawHorizontalBars, niceMax } from "./pdf-charts";
import { findPdfFonts } from "./pdf-font";

describe("niceMax", () => {
  it("rounds the axis up to a number the four grid steps divide well", () => {
    expect([0, 3, 4, 5, 7, 12, 26, 45, 99, 101, 534].map(niceMax)).toEqual([4, 4, 4, 6, 8, 20, 40, 60, 100, 200, 600]);
  });
});

describe("charts", () => {
  it("draw below the given y and report where they end", () => {
    const font = findPdfFonts();
    const doc = new PDFDocument({ size: "A4", font: font.regular });
    const bars = [
      { label: "web-immutable", value: 96, text: "96%", color: "#2563eb" },
      { label: "web-mutable", value: 5, text: "5%", color: "#d97706" },
    ];
    expect(drawHorizontalBars(doc, { x: 40, y: 100, width: 500 }, bars, 100, font)).toBe(100 + 2 * 16 + 4);
    expect(drawColumns(doc, { x: 40, y: 200, width: 500, height: 140 }, bars, font)).toBe(346);
    doc.end();
  });
});

import "server-only";
// Two vector charts for the PDF report, drawn with pdfkit's path operators: a horizontal bar chart (a value per
// labelled row, e.g. conforming % per fleet) and a column chart (a histogram). Vector, so they print sharp and
// add a few hundred bytes, not an image.

export interface Bar {
  label: string;
  value: number;
  /** What is printed beside the bar ("96%", "12 hosts"). */
  text: string;
  color: string;
}

export const COLORS = {
  immutable: "#2563eb",
  mutable: "#d97706",
  neutral: "#64748b",
  grid: "#e2e8f0",
  text: "#0f172a",
  muted: "#64748b",
};

interface Area {
  x: number;
  y: number;
  width: number;
}

/** Rows of bars, `max` at full width. Returns the y below the chart. */
export function drawHorizontalBars(doc: PDFKit.PDFDocument, at: Area, bars: readonly Bar[], max: number, font: { regular: string }): number {
  const labelWidth = Math.min(150, at.width * 0.3);
  const textWidth = 60;
  const barArea = at.width - labelWidth - textWidth - 8;
  const rowHeight = 16;
  let y = at.y;
  doc.font(font.regular).fontSize(8.5);
  for (const b of bars) {
    doc.fillColor(COLORS.text).text(b.label, at.x, y + 3, { width: labelWidth - 6, lineBreak: false, ellipsis: true });
    doc.rect(at.x + labelWidth, y + 2, barArea, rowHeight - 5).fill(COLORS.grid);
    const w = max > 0 ? Math.max(0, Math.min(1, b.value / max)) * barArea : 0;
    if (w > 0) doc.rect(at.x + labelWidth, y + 2, Math.max(w, 1.5), rowHeight - 5).fill(b.color);
    doc.fillColor(COLORS.text).text(b.text, at.x + labelWidth + barArea + 8, y + 3, { width: textWidth, lineBreak: false });
    y += rowHeight;
  }
  return y + 4;
}

/** Columns over labelled buckets with a light value grid. Returns the y below the chart. */
export function drawColumns(doc: PDFKit.PDFDocument, at: Area & { height: number }, bars: readonly Bar[], font: { regular: string }): number {
  const axisWidth = 28;
  const plotX = at.x + axisWidth;
  const plotW = at.width - axisWidth;
  const plotH = at.height - 28; // room for labels under the columns
  const top = at.y + 8;
  const max = niceMax(Math.max(0, ...bars.map((b) => b.value)));
  doc.font(font.regular).fontSize(7.5);
  for (let i = 0; i <= 4; i++) {
    const v = (max / 4) * i;
    const gy = top + plotH - (plotH * i) / 4;
    doc.moveTo(plotX, gy).lineTo(plotX + plotW, gy).lineWidth(0.5).strokeColor(COLORS.grid).stroke();
    doc.fillColor(COLORS.muted).text(formatTick(v), at.x, gy - 3.5, { width: axisWidth - 4, align: "right", lineBreak: false });
  }
  const slot = plotW / Math.max(1, bars.length);
  const colW = Math.min(46, slot * 0.7);
  bars.forEach((b, i) => {
    const h = max > 0 ? (b.value / max) * plotH : 0;
    const cx = plotX + slot * i + (slot - colW) / 2;
    if (h > 0) doc.rect(cx, top + plotH - h, colW, Math.max(h, 1)).fill(b.color);
    doc.fillColor(COLORS.text).text(b.text, plotX + slot * i, top + plotH - h - 10, { width: slot, align: "center", lineBreak: false });
    doc.fillColor(COLORS.muted).text(b.label, plotX + slot * i, top + plotH + 4, { width: slot, align: "center", lineBreak: false });
  });
  return at.y + at.height + 6;
}

/** The axis top: at least `v` and 4, a round multiple of a power of ten, so the 4 grid steps read well. */
export function niceMax(v: number): number {
  if (!(v > 4)) return 4;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 4, 6, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function formatTick(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

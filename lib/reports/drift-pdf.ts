import "server-only";
// The drift report as a PDF (A4), drawn in the same order and words as the Markdown report. pdfkit writes each
// page out when the next one starts (no page buffering), and `take()` hands over what has been written so far,
// so the route streams the file while later hosts are still being read.
import PDFDocument from "pdfkit";
import { DRIFT_KINDS } from "@/lib/core/drift";
import type { ExportHost, ExportMeta } from "@/lib/core/drift-export";
import type { ReportSummary } from "@/lib/core/drift-report";
import { describeFilters, formatDays, formatNum, formatPct, formatUtc, KIND_LABEL, reportTitle } from "@/lib/core/report-text";
import { strategyTotals, type ScorecardFleet } from "@/lib/core/scorecard";
import { COLORS, drawColumns, drawHorizontalBars } from "./pdf-charts";
import { findPdfFonts, toWinAnsi, type PdfFonts } from "./pdf-font";

const MARGIN = 42;
const CELL_MAX = 400; // characters: a pathological path must not fill a page

interface Column {
  title: string;
  width: number;
  align?: "left" | "right";
}

// Widths add up to the A4 text width (511 pt); header titles fit their column in DejaVu Sans Bold 7.5 pt.
const SCORECARD: Column[] = [
  { title: "Fleet", width: 106 },
  { title: "Strategy", width: 52 },
  { title: "Spec", width: 30, align: "right" },
  { title: "Hosts", width: 36, align: "right" },
  { title: "Conforming", width: 56, align: "right" },
  { title: "Fingerprints per 100 hosts", width: 64, align: "right" },
  { title: "Snowflakes", width: 56, align: "right" },
  { title: "Median drift", width: 54, align: "right" },
  { title: "Median age", width: 57, align: "right" },
];
const ITEMS: Column[] = [
  { title: "Kind", width: 108 },
  { title: "Subject", width: 126 },
  { title: "What", width: 189 },
  { title: "First seen (UTC)", width: 88 },
];

export class DriftPdf {
  private doc: PDFKit.PDFDocument;
  private fonts: PdfFonts;
  private page = 1;
  private heights = new Map<string, number>();
  private readonly t: (s: string) => string;

  constructor(
    private readonly meta: ExportMeta,
    fonts: PdfFonts = findPdfFonts(),
  ) {
    this.fonts = fonts;
    this.t = fonts.standard ? toWinAnsi : (s) => s;
    this.doc = new PDFDocument({
      size: "A4",
      margin: MARGIN,
      font: fonts.regular, // never the default Helvetica: its metrics file would be read for nothing
      bufferPages: false,
      info: { Title: this.t(reportTitle(meta)), Author: "Fleetprint", Subject: this.t(describeFilters(meta.filters)), CreationDate: new Date(meta.generatedAt) },
      lang: "en",
    });
    // Fonts are always named by their path: pdfkit caches a font under the name it was first opened with, and a
    // registerFont() alias of the default font is re-read and re-parsed on every switch (seconds per 1,000 rows).
    this.doc.on("pageAdded", () => this.footer());
    this.footer();
  }

  /** Bytes written since the last call; null when there are none yet. */
  take(): Buffer | null {
    return this.doc.read() as Buffer | null;
  }

  head(fleets: readonly ScorecardFleet[]) {
    const d = this.doc;
    const m = this.meta;
    d.font(this.fonts.bold).fontSize(18).fillColor(COLORS.text).text("Fleetprint drift report", MARGIN, MARGIN);
    d.font(this.fonts.regular).fontSize(13).text(this.t(reportTitle(m).replace(/^Drift report: /, "")));
    d.moveDown(0.5).fontSize(9);
    const specs = m.fleets.map((f) => `${f.name} ${f.specVersion === null ? "(no spec)" : `v${f.specVersion}`}`).join(", ") || "—";
    for (const [k, v] of [["Generated", formatUtc(m.generatedAt)], ["Filters", describeFilters(m.filters)], ["Hosts in this report", String(m.totalHosts)], ["Spec versions", specs]]) {
      d.font(this.fonts.bold).fillColor(COLORS.text).text(`${k}: `, { continued: true }).font(this.fonts.regular).fillColor(COLORS.muted).text(this.t(v));
    }
    this.heading("Scorecard: mutable vs immutable", "Whole fleets, as on the dashboard. Conforming: no drift from the fleet's spec. Fingerprints/100 hosts: how many different machines you really run.");
    for (const s of strategyTotals(fleets).filter((s) => s.fleets > 0)) {
      d.font(this.fonts.bold).fontSize(9.5).fillColor(s.strategy === "immutable" ? COLORS.immutable : COLORS.mutable).text(`${s.strategy}  `, { continued: true });
      d.font(this.fonts.regular).fillColor(COLORS.text).text(`${s.fleets} ${s.fleets === 1 ? "fleet" : "fleets"}, ${s.hosts} hosts: ${formatPct(s.conformingPct)} conforming, ${formatNum(s.distinctPer100)} fingerprints/100 hosts, ${s.snowflakes} snowflakes`);
    }
    d.moveDown(0.5);
    this.table(SCORECARD, fleets.map((f) => [f.name, f.strategy, f.specVersion === null ? "—" : `v${f.specVersion}`, String(f.hosts), formatPct(f.conformingPct), formatNum(f.distinctPer100), String(f.snowflakes), formatNum(f.medianDrift), formatDays(f.medianAgeDays)]));
    const withSpec = fleets.filter((f) => f.conformingPct !== null);
    if (withSpec.length > 0) {
      this.heading("Conforming hosts per fleet");
      this.room(withSpec.length * 16 + 8);
      const bars = withSpec.map((f) => ({ label: this.t(f.name), value: f.conformingPct!, text: formatPct(f.conformingPct), color: COLORS[f.strategy] }));
      d.y = drawHorizontalBars(d, { x: MARGIN, y: d.y, width: this.width }, bars, 100, this.fonts);
    }
  }

  summary(s: ReportSummary) {
    const d = this.doc;
    this.heading("Drift items per host", `Hosts in this report by number of drift items: ${s.driftedHosts} of ${s.hosts} hosts have drift, ${s.items} items in all.`);
    this.room(150);
    const cols = s.histogram.map((b) => ({ label: b.bucket, value: b.hosts, text: String(b.hosts), color: b.min === 0 ? COLORS.immutable : COLORS.mutable }));
    d.y = drawColumns(d, { x: MARGIN, y: d.y, width: this.width, height: 140 }, cols, this.fonts);
    this.heading("Drift by kind");
    this.room(DRIFT_KINDS.length * 16 + 8);
    const kinds = DRIFT_KINDS.map((k) => ({ label: KIND_LABEL[k], value: s.byKind[k], text: String(s.byKind[k]), color: COLORS.neutral }));
    d.y = drawHorizontalBars(d, { x: MARGIN, y: d.y, width: this.width }, kinds, Math.max(1, ...kinds.map((k) => k.value)), this.fonts);

    this.heading("Top snowflakes", s.topSnowflakes.length ? "Hosts least like their peers, strongest first, with their main reasons." : "No snowflake among the hosts in this report.");
    s.topSnowflakes.forEach((t, i) => {
      this.room(14 + t.reasons.length * 11);
      d.font(this.fonts.bold).fontSize(9.5).fillColor(COLORS.text).text(this.t(`${i + 1}. ${t.hostname}`), MARGIN, d.y, { continued: true });
      d.font(this.fonts.regular).fillColor(COLORS.muted).text(this.t(`  ${t.fleet} · score ${formatNum(t.score, 2)}`));
      d.fontSize(8.5).fillColor(COLORS.text);
      for (const r of t.reasons) d.text(this.t(`•  ${clip(r.explain)}`), MARGIN + 14, d.y, { width: this.width - 14 });
      d.moveDown(0.3);
    });
    if (s.snowflakes > s.topSnowflakes.length) d.fontSize(8.5).fillColor(COLORS.muted).text(`${s.snowflakes - s.topSnowflakes.length} more snowflakes are not listed.`, MARGIN);
    this.heading("Drifted hosts");
  }

  host(h: ExportHost) {
    if (h.items.length === 0) return;
    const d = this.doc;
    this.room(60);
    d.moveDown(0.4).font(this.fonts.bold).fontSize(10.5).fillColor(COLORS.text).text(this.t(h.hostname), MARGIN, d.y, { continued: true });
    d.font(this.fonts.regular).fillColor(COLORS.muted).text(this.t(`  ${h.fleet}`));
    const fp = h.fingerprint ? `fingerprint ${h.fingerprint.slice(0, 12)}` : "no fingerprint";
    const snow = h.isSnowflake ? ` · snowflake (score ${formatNum(h.snowflakeScore, 2)})` : "";
    d.fontSize(8).text(`${fp} · ${h.items.length} ${h.items.length === 1 ? "item" : "items"}${snow}`);
    d.moveDown(0.3);
    this.table(ITEMS, h.items.map((i) => [KIND_LABEL[i.kind], i.subject, i.explain, i.firstSeen ? `${i.firstSeen.slice(0, 10)} ${i.firstSeen.slice(11, 16)}` : "—"]));
  }

  tail(s: Pick<ReportSummary, "hosts" | "driftedHosts">) {
    const clean = s.hosts - s.driftedHosts;
    const line = s.driftedHosts === 0 ? "No host in this report has drift items." : clean > 0 ? `${clean} more ${clean === 1 ? "host has" : "hosts have"} no drift items.` : "";
    if (line) this.doc.moveDown(0.6).font(this.fonts.regular).fontSize(9).fillColor(COLORS.muted).text(line, MARGIN);
  }

  end() {
    this.doc.end();
  }

  private get width() {
    return this.doc.page.width - 2 * MARGIN;
  }

  private get bottom() {
    return this.doc.page.height - MARGIN;
  }

  /** Starts a new page unless `h` points still fit on this one. */
  private room(h: number) {
    if (this.doc.y + h > this.bottom) this.doc.addPage();
  }

  private heading(title: string, note?: string) {
    const d = this.doc;
    this.room(note ? 60 : 44);
    d.moveDown(0.9).font(this.fonts.bold).fontSize(13).fillColor(COLORS.text).text(title, MARGIN, d.y);
    if (note) d.moveDown(0.15).font(this.fonts.regular).fontSize(8.5).fillColor(COLORS.muted).text(note, { width: this.width });
    d.moveDown(0.4);
  }

  /** Rows with wrapped cells; the header row repeats on every page the table reaches. */
  private table(cols: Column[], rows: string[][]) {
    const d = this.doc;
    const header = () => {
      d.font(this.fonts.bold).fontSize(7.5).fillColor(COLORS.muted);
      const top = d.y;
      const h = this.cells(cols, cols.map((c) => c.title), top);
      d.moveTo(MARGIN, top + h + 1.5).lineTo(MARGIN + this.width, top + h + 1.5).lineWidth(0.5).strokeColor(COLORS.grid).stroke();
      d.y = top + h + 4;
    };
    header();
    for (const raw of rows) {
      const cells = raw.map((c) => this.t(clip(c)));
      d.font(this.fonts.regular).fontSize(8);
      const h = Math.max(...cells.map((c, i) => this.height(c, cols[i].width - 6)));
      if (d.y + h + 3 > this.bottom) {
        d.addPage();
        header();
      }
      d.font(this.fonts.regular).fontSize(8).fillColor(COLORS.text);
      const top = d.y;
      this.cells(cols, cells, top);
      d.y = top + h + 3;
    }
    d.x = MARGIN;
  }

  /**
   * Height of a body cell (regular, 8 pt). Kinds, package names and their explanations repeat across hosts, and
   * measuring is half of pdfkit's layout work, so heights are remembered (bounded: cleared when full).
   */
  private height(text: string, width: number): number {
    const key = `${width}\u0000${text}`;
    let h = this.heights.get(key);
    if (h === undefined) {
      if (this.heights.size >= 20_000) this.heights.clear();
      h = this.doc.heightOfString(text, { width });
      this.heights.set(key, h);
    }
    return h;
  }

  /** Draws one row of cells from `y`; returns the row's height (its tallest cell). */
  private cells(cols: Column[], cells: string[], y: number): number {
    let x = MARGIN;
    let bottom = y;
    cols.forEach((c, i) => {
      this.doc.text(cells[i], x + 3, y, { width: c.width - 6, align: c.align ?? "left" });
      bottom = Math.max(bottom, this.doc.y);
      x += c.width;
    });
    return bottom - y;
  }

  /** Page number and what this is, in the bottom margin (which pdfkit would otherwise treat as "page full"). */
  private footer() {
    const d = this.doc;
    const { x, y } = d;
    const saved = d.page.margins.bottom;
    d.page.margins.bottom = 0;
    d.font(this.fonts.regular).fontSize(7).fillColor(COLORS.muted);
    d.text(this.t(`Fleetprint · ${reportTitle(this.meta)} · generated ${formatUtc(this.meta.generatedAt)} · page ${this.page++}`), MARGIN, d.page.height - MARGIN + 14, {
      width: this.width,
      align: "center",
      lineBreak: false,
    });
    d.page.margins.bottom = saved;
    d.x = x;
    d.y = y;
  }
}

function clip(s: string): string {
  return s.length > CELL_MAX ? `${s.slice(0, CELL_MAX)}…` : s;
}

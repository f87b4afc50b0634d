// The diff page's rows as a file (CSV, JSON, Markdown): the same filters as the page (diff-filter.ts), so an
// export holds exactly the rows on screen. Pure: the route picks the comparison, these render it.
import { csvRecord, csvText, UTF8_BOM } from "./csv";
import type { DiffRow } from "./diff";
import { filterDiffRows, type DiffFormat, type DiffRowFilter } from "./diff-filter";
import { countChanges, describeChanges, type ChangeCounts } from "./diff-summary";
import { mdText } from "./report-markdown";

export { DIFF_FORMATS, filterDiffRows, type DiffFormat, type DiffRowFilter } from "./diff-filter";

export const DIFF_MEDIA_TYPES: Record<DiffFormat, string> = {
  csv: "text/csv; charset=utf-8; header=present",
  json: "application/json; charset=utf-8",
  md: "text/markdown; charset=utf-8",
};

export interface DiffSide {
  kind: string;
  name: string;
}

export interface DiffExport {
  hostname: string;
  fleet: string;
  left: DiffSide;
  right: DiffSide;
  /** Short ASCII name of the right side for the file name: "spec-v2", "web-03", "history-3f2a9c1b0d4e-9c8b7a6f5e4d". */
  slug: string;
  generatedAt: Date;
  filter: DiffRowFilter;
  /** Every row of the comparison (the summary counts them all); the file holds the filtered ones. */
  rows: readonly DiffRow[];
  osChanges: number;
}

const fileSlug = (s: string) => s.toLowerCase().replace(/[^a-z0-9.]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60);

/** fleetprint-diff-web-17-vs-spec-v2-2026-11-26.csv: what against what, and the UTC day. ASCII only. */
export function diffFilename(e: Pick<DiffExport, "hostname" | "slug" | "generatedAt">, format: DiffFormat): string {
  return `fleetprint-diff-${fileSlug(e.hostname)}-vs-${fileSlug(e.slug)}-${e.generatedAt.toISOString().slice(0, 10)}.${format}`;
}

export const DIFF_CSV_COLUMNS = ["section", "key", "left", "right", "status"] as const;

/** RFC 4180 with CRLF, a BOM for spreadsheets, formula-looking cells neutralised (see csv.ts). Absent is empty. */
export function diffCsv(e: DiffExport): string {
  let out = UTF8_BOM + csvRecord([...DIFF_CSV_COLUMNS]);
  for (const r of filterDiffRows(e.rows, e.filter)) out += csvRecord([csvText(r.section), csvText(r.key), csvText(r.left), csvText(r.right), csvText(r.status)]);
  return out;
}

function summary(e: DiffExport): { counts: ChangeCounts; text: string } {
  const counts = countChanges(e.rows, e.osChanges);
  return { counts, text: describeChanges(counts) };
}

/** Raw strings (no neutralising): JSON is for programs. */
export function diffJson(e: DiffExport): string {
  const rows = filterDiffRows(e.rows, e.filter).map((r) => ({ section: r.section, key: r.key, left: r.left, right: r.right, status: r.status }));
  const doc = { schema: 1, generatedAt: e.generatedAt.toISOString(), host: e.hostname, fleet: e.fleet, left: e.left, right: e.right, filter: e.filter, summary: summary(e), totalRows: e.rows.length, rows };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function describeFilter(f: DiffRowFilter): string {
  const parts = [f.all ? "all rows" : "differences only"];
  if (f.status) parts.push(`status ${f.status}`);
  if (f.q.trim()) parts.push(`key contains "${f.q.trim()}"`);
  return parts.join(", ");
}

const cell = (v: string | null) => (v === null ? "*absent*" : mdText(v));

export function diffMarkdown(e: DiffExport): string {
  const rows = filterDiffRows(e.rows, e.filter);
  let out = `# ${mdText(e.left.name)} vs ${mdText(e.right.name)}\n\n`;
  out += `- **Fleet:** ${mdText(e.fleet)}\n`;
  out += `- **Generated:** ${e.generatedAt.toISOString().replace("T", " ").slice(0, 16)} UTC\n`;
  out += `- **What changed (left to right):** ${summary(e).text}\n`;
  out += `- **Rows:** ${rows.length} of ${e.rows.length} (${mdText(describeFilter(e.filter))})\n\n`;
  if (rows.length === 0) return `${out}No row matches.\n`;
  out += `| Section | Key | ${mdText(e.left.name)} | ${mdText(e.right.name)} | Status |\n| --- | --- | --- | --- | --- |\n`;
  for (const r of rows) out += `| ${r.section} | ${mdText(r.key)} | ${cell(r.left)} | ${cell(r.right)} | ${r.status} |\n`;
  return out;
}

export function renderDiff(e: DiffExport, format: DiffFormat): string {
  return format === "csv" ? diffCsv(e) : format === "json" ? diffJson(e) : diffMarkdown(e);
}

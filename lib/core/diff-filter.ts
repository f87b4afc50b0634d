// Which diff rows the page shows, and the export link for them. Shared by the diff page (client) and the export
// route (server), so a download holds exactly what is on screen. Kept apart from the renderers so the page's
// bundle does not carry them.
import type { DiffRow, DiffStatus } from "./diff";

export const DIFF_FORMATS = ["csv", "json", "md"] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export const DIFF_STATUSES: readonly DiffStatus[] = ["differs", "only-left", "only-right", "same", "ignored"];

export interface DiffRowFilter {
  /** Include equal and ignored rows (the page's "show only differences" unticked). */
  all: boolean;
  /** One status only; "" for any. */
  status: string;
  /** Substring of the key or section, case-insensitive. */
  q: string;
}

/** A DiffRow, or the UI's looser copy of one (section and status as plain strings). */
export type RowLike = Pick<DiffRow, "key" | "left" | "right"> & { section: string; status: string };

const NOT_DIFFERENT = new Set(["same", "ignored"]);
export const isSameStatus = (status: string) => NOT_DIFFERENT.has(status);

/** The rows the page shows: filtered, then differences, then equal rows, then ignored ones (stable within each). */
export function filterDiffRows<T extends RowLike>(rows: readonly T[], f: DiffRowFilter): T[] {
  const needle = f.q.trim().toLowerCase();
  const list = rows.filter(
    (r) => (f.all || !isSameStatus(r.status)) && (!f.status || r.status === f.status) && (!needle || r.key.toLowerCase().includes(needle) || r.section.toLowerCase().includes(needle)),
  );
  const rank = (s: string) => (isSameStatus(s) ? (s === "ignored" ? 2 : 1) : 0);
  return list.map((r, i) => ({ r, i })).sort((a, b) => rank(a.r.status) - rank(b.r.status) || a.i - b.i).map((x) => x.r);
}

/** The export link (the API route) for what the diff page shows. */
export function diffExportHref(
  host: { hostname: string; fleet: string },
  target: { against?: string; from?: string; to?: string },
  filter: DiffRowFilter,
  format: DiffFormat,
): string {
  const p = new URLSearchParams({ fleet: host.fleet });
  if (target.from && target.to) {
    p.set("from", target.from);
    p.set("to", target.to);
  } else p.set("against", target.against || "spec");
  if (filter.all) p.set("all", "1");
  if (filter.status) p.set("status", filter.status);
  if (filter.q.trim()) p.set("q", filter.q.trim());
  p.set("format", format);
  return `/api/v1/hosts/${encodeURIComponent(host.hostname)}/diff?${p}`;
}

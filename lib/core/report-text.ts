// Wording shared by the human-readable drift reports (Markdown and PDF), so both say the same thing.
import type { ExportFilters, ExportMeta } from "./drift-export";
import type { DriftKind } from "./types";

export const KIND_LABEL: Record<DriftKind, string> = {
  "package-missing": "Package missing",
  "package-extra": "Extra package",
  "package-version": "Package version differs",
  "config-changed": "Config changed",
  "config-missing": "Config missing",
  "config-unexpected": "Unexpected config",
};

export function reportTitle(meta: ExportMeta): string {
  const names = meta.filters.fleet ? [meta.filters.fleet] : meta.fleets.map((f) => f.name);
  if (names.length === 0) return "Drift report: no fleets";
  if (names.length <= 3) return `Drift report: ${names.join(", ")}`;
  return `Drift report: ${names.length} fleets`;
}

/** The filters in words; "none" when the export holds every host. */
export function describeFilters(f: ExportFilters): string {
  const bits: string[] = [];
  if (f.fleet) bits.push(`fleet ${f.fleet}`);
  if (f.drifted !== null) bits.push(f.drifted ? "drifted hosts only" : "hosts without drift only");
  if (f.snowflake !== null) bits.push(f.snowflake ? "snowflakes only" : "no snowflakes");
  if (f.q) bits.push(`hostname or fingerprint matching "${f.q}"`);
  if (f.since) bits.push(`items first seen since ${f.since}`);
  if (f.source) bits.push(`hosts fed by ${f.source} only`);
  if (f.reporting) bits.push(`${f.reporting === "not-reporting" ? "hosts not reporting" : f.reporting === "never" ? "hosts that never reported" : "reporting hosts"} only`);
  return bits.length ? bits.join("; ") : "none (every host of every fleet)";
}

/** "2026-11-26 15:30 UTC": locale-independent, so a report reads the same wherever it was made. */
export function formatUtc(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : "—";
}

export function formatPct(p: number | null): string {
  return p === null || !Number.isFinite(p) ? "—" : `${p.toFixed(p >= 99.5 || p < 10 ? 1 : 0).replace(/\.0$/, "")}%`;
}

export function formatNum(n: number | null, digits = 1): string {
  if (n === null || !Number.isFinite(n)) return "—";
  return Number.isInteger(n) ? String(n) : n.toFixed(digits);
}

export function formatDays(d: number | null): string {
  return d === null || !Number.isFinite(d) ? "—" : `${d < 10 ? d.toFixed(1) : Math.round(d)} d`;
}

const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/** A bar of `width` cells for value/max in Unicode block elements, with eighth-cell precision. */
export function unicodeBar(value: number, max: number, width = 20): string {
  if (!(max > 0) || !(value > 0)) return "";
  const eighths = Math.round(Math.min(1, value / max) * width * 8);
  const bar = "█".repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
  return bar || "▏"; // a non-zero value stays visible
}

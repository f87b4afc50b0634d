// CSV that survives both RFC 4180 readers and spreadsheets.
//
// Spreadsheet apps run a cell that starts with = + - @ (and, in some, a tab or CR) as a formula: a package
// version or config path reported by an agent must never become `=cmd|' /C calc'!A0` on an analyst's machine
// (CSV injection). Text cells that start so get a leading apostrophe, which every spreadsheet shows as text
// and hides. This applies to every text cell whatever it looks like ("-1" becomes "'-1"): deciding that a
// value is "really a number" is exactly the guess an attacker would exploit. Numeric columns are written
// through csvNumber and are never neutralised: a number cannot hold a formula. Consumers that need the raw
// strings use the JSON export.

/**
 * Excel opens a CSV without a byte order mark in the legacy code page (Windows-1252), turning "häfen" into
 * "hÃ¤fen". The BOM makes it read UTF-8; RFC 4180 readers and Python's utf-8-sig ignore it.
 */
export const UTF8_BOM = "\uFEFF";

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** A text cell: neutralised if it starts like a formula, quoted if it holds a quote, comma, CR or LF. */
export function csvText(value: string | null | undefined): string {
  if (value === null || value === undefined) return "";
  const s = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A numeric cell: plain decimal notation, empty for null and non-finite values. */
export function csvNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "";
  // String(1e-7) is "1e-7", which some spreadsheets read as text; scores are rounded to 2 places anyway.
  return Math.abs(value) < 1e-6 ? "0" : String(value);
}

/** One record, CRLF-terminated as RFC 4180 asks. Cells must already be encoded by csvText/csvNumber. */
export function csvRecord(cells: readonly string[]): string {
  return `${cells.join(",")}\r\n`;
}

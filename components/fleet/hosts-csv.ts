import type { HostRow } from "@/lib/services/list-hosts";

// Spreadsheet apps execute cells that start with these characters as formulas (CSV injection); a leading
// apostrophe makes them text. Hostnames are validated, but fingerprints and future columns may not be.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | null): string {
  let s = value === null ? "" : String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function hostsCsv(rows: HostRow[]): string {
  const header = ["hostname", "fleet", "fingerprint", "drift_count", "snowflake_score", "snowflake", "last_seen"];
  const lines = rows.map((r) =>
    [r.hostname, r.fleet, r.fingerprint, r.driftCount, r.snowflakeScore, r.isSnowflake, r.lastSeen].map(csvCell).join(","),
  );
  return [header.join(","), ...lines].join("\r\n") + "\r\n";
}

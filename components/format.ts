// Pure display helpers shared by server and client components. Relative times take an explicit `now` from the
// server so the server render and the hydrated client render print the same text.

export function shortHash(hash: string | null | undefined, n = 12): string {
  if (!hash) return "—";
  return hash.length > n ? hash.slice(0, n) : hash;
}

export function formatPct(p: number | null | undefined, digits = 0): string {
  if (p === null || p === undefined || Number.isNaN(p)) return "—";
  return `${p.toFixed(digits)}%`;
}

export function formatNumber(n: number | null | undefined, digits = 1): string {
  if (n === null || n === undefined || Number.isNaN(n)) return "—";
  return Number.isInteger(n) ? String(n) : n.toFixed(digits);
}

const UNITS: [number, string][] = [
  [365 * 86400, "y"],
  [30 * 86400, "mo"],
  [86400, "d"],
  [3600, "h"],
  [60, "m"],
];

/** "3 d ago" relative to the given instant; "—" when missing. */
export function timeAgo(iso: string | null | undefined, now: string | number | Date): string {
  if (!iso) return "—";
  const secs = Math.round((new Date(now).getTime() - new Date(iso).getTime()) / 1000);
  if (secs < 45) return "just now";
  for (const [size, unit] of UNITS) {
    if (secs >= size) return `${Math.floor(secs / size)} ${unit} ago`;
  }
  return `${Math.max(1, Math.round(secs / 60))} m ago`;
}

/** Stable, locale-independent timestamp (UTC) so SSR and hydration agree. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  return iso.replace("T", " ").slice(0, 16) + " UTC";
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  return iso.slice(0, 10);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "since 12 Sep, 75 days" (the year too when it is not `now`'s); UTC, so server and client print the same. */
export function formatSince(iso: string, now: string | number | Date): string {
  const at = new Date(iso);
  const end = new Date(now);
  const days = Math.max(0, Math.floor((end.getTime() - at.getTime()) / 86_400_000));
  const year = at.getUTCFullYear() === end.getUTCFullYear() ? "" : ` ${at.getUTCFullYear()}`;
  return `since ${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]}${year}, ${days === 0 ? "today" : plural(days, "day")}`;
}

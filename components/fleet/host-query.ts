// The hosts table's state lives in the URL (?q=&drifted=1&snowflake=1&sort=drift&dir=desc&page=2) so a filtered
// view can be pasted into a ticket. Pure: used by the server page for metadata and by the client for the table.
import { matchesHostFilter } from "@/lib/core/host-filter";
import type { HostRow } from "@/lib/services/list-hosts";

export const SORT_KEYS = ["hostname", "drift", "snowflake", "lastSeen", "lastBuilt", "sharedBy"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type Dir = "asc" | "desc";

export interface HostQuery {
  q: string;
  drifted: boolean;
  snowflake: boolean;
  sort: SortKey;
  dir: Dir;
  page: number;
}

export const PAGE_SIZE = 100;
const DEFAULT: HostQuery = { q: "", drifted: false, snowflake: false, sort: "hostname", dir: "asc", page: 1 };

/** Text columns read naturally A→Z; numbers and dates are interesting largest/newest first. */
export const defaultDir = (k: SortKey): Dir => (k === "hostname" ? "asc" : "desc");

const on = (v: string | null | undefined) => v === "1" || v === "true" || v === "yes";

export function parseHostQuery(get: (key: string) => string | null | undefined): HostQuery {
  const sort = SORT_KEYS.find((k) => k === get("sort")) ?? DEFAULT.sort;
  const dirRaw = get("dir");
  const page = Number.parseInt(get("page") ?? "", 10);
  return {
    q: (get("q") ?? "").slice(0, 253),
    drifted: on(get("drifted")),
    snowflake: on(get("snowflake")),
    sort,
    dir: dirRaw === "asc" || dirRaw === "desc" ? dirRaw : defaultDir(sort),
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

/** Only non-default values go into the URL, so the plain fleet URL stays plain. */
export function hostQueryString(q: HostQuery): string {
  const p = new URLSearchParams();
  if (q.q) p.set("q", q.q);
  if (q.drifted) p.set("drifted", "1");
  if (q.snowflake) p.set("snowflake", "1");
  if (q.sort !== DEFAULT.sort || q.dir !== defaultDir(q.sort)) {
    p.set("sort", q.sort);
    p.set("dir", q.dir);
  }
  if (q.page > 1) p.set("page", String(q.page));
  const s = p.toString();
  return s ? `?${s}` : "";
}

type Getter = (r: HostRow) => string | number | null;
const GETTERS: Record<SortKey, Getter> = {
  hostname: (r) => r.hostname,
  drift: (r) => r.driftCount,
  snowflake: (r) => r.snowflakeScore,
  lastSeen: (r) => r.lastSeen,
  lastBuilt: (r) => r.lastBuilt,
  sharedBy: (r) => r.sharedBy,
};

/** The table's checkboxes only ever narrow (unchecked means "any"); the drift export applies the same predicate. */
export function filterHosts(rows: HostRow[], q: Pick<HostQuery, "q" | "drifted" | "snowflake">): HostRow[] {
  const flags = { q: q.q, drifted: q.drifted || undefined, snowflake: q.snowflake || undefined };
  return rows.filter((r) => matchesHostFilter(r, flags));
}

/** Sorts a copy; missing values (no spec, never reported) sink to the bottom in either direction. */
export function sortHosts(rows: HostRow[], sort: SortKey, dir: Dir): HostRow[] {
  const get = GETTERS[sort];
  const sign = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = get(a);
    const y = get(b);
    if (x === null || y === null) return x === y ? a.hostname.localeCompare(b.hostname) : x === null ? 1 : -1;
    const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
    return c !== 0 ? c * sign : a.hostname.localeCompare(b.hostname, undefined, { numeric: true });
  });
}

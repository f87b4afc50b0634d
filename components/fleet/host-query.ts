// The hosts table's state lives in the URL (?q=&drifted=1&snowflake=1&sort=drift&dir=desc&page=2) so a filtered
// view can be pasted into a ticket. Pure: the server page parses it and queries one page (filter, sort and paging
// run in SQL, lib/services/list-hosts); the client only writes it back into the URL.

// The same keys as HOST_SORTS in lib/services/list-hosts, which client code cannot import (it pulls in the
// database); the page hands a SortKey to listHosts, so a key the server does not sort by fails to compile.
import { flagOr } from "@/lib/core/query-flag";
import { REPORTING_STATUSES, type ReportingStatus } from "@/lib/core/reporting";
import { parseHostSource, type HostSource } from "@/lib/core/host-source";
import { sortParams, withParams } from "@/lib/core/url-params";

export const SORT_KEYS = ["hostname", "drift", "snowflake", "lastSeen", "lastBuilt", "sharedBy"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type Dir = "asc" | "desc";

export interface HostQuery {
  q: string;
  drifted: boolean;
  snowflake: boolean;
  /** ?reporting=not-reporting|reporting|never; null: any. */
  reporting: ReportingStatus | null;
  /** ?source=agent|image|osquery|…: where the hosts' data comes from; null: any. */
  source: HostSource | null;
  /** "kind:subject": hosts carrying that drift item (lib/core/fleet-drift.ts itemParam); "" for any. */
  item: string;
  sort: SortKey;
  dir: Dir;
  page: number;
}

export const PAGE_SIZE = 100;
/** Pages needed for `total` matching hosts; at least one, so "page 1 of 1" also holds for no match. */
export const pageCount = (total: number) => Math.max(1, Math.ceil(total / PAGE_SIZE));
const DEFAULT: HostQuery = { q: "", drifted: false, snowflake: false, reporting: null, source: null, item: "", sort: "hostname", dir: "asc", page: 1 };

/** Text columns read naturally A→Z; numbers and dates are interesting largest/newest first. */
export const defaultDir = (k: SortKey): Dir => (k === "hostname" ? "asc" : "desc");

export function parseHostQuery(get: (key: string) => string | null | undefined): HostQuery {
  const sort = SORT_KEYS.find((k) => k === get("sort")) ?? DEFAULT.sort;
  const dirRaw = get("dir");
  const page = Number.parseInt(get("page") ?? "", 10);
  return {
    q: (get("q") ?? "").slice(0, 253),
    drifted: flagOr(get("drifted")),
    snowflake: flagOr(get("snowflake")),
    reporting: REPORTING_STATUSES.find((s) => s === get("reporting")) ?? null,
    source: parseHostSource(get("source")),
    item: (get("item") ?? "").slice(0, 1100),
    sort,
    dir: dirRaw === "asc" || dirRaw === "desc" ? dirRaw : defaultDir(sort),
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

/**
 * Only non-default values go into the URL, so the plain fleet URL stays plain. `others` (the current query string)
 * keeps the keys of the page's other sections (the drift table's driftKind, driftSort, …).
 */
export function hostQueryString(q: HostQuery, others = ""): string {
  const s = sortParams(q.sort, q.dir, DEFAULT.sort, defaultDir);
  const p = withParams(others, {
    q: q.q,
    drifted: q.drifted && "1",
    snowflake: q.snowflake && "1",
    reporting: q.reporting,
    source: q.source,
    item: q.item,
    sort: s.sort,
    dir: s.dir,
    page: q.page > 1 && String(q.page),
  }).toString();
  return p ? `?${p}` : "";
}

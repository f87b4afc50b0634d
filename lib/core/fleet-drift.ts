// Fleet-wide drift: a fleet's drift items grouped by item (kind + subject), weighed by the hosts that carry them.
// The database groups, sorts and pages (lib/services/list-fleet-drift.ts); this module holds what is pure: the
// query as the URL and the API carry it, the shaping of a grouped row, the order the SQL must agree with, the
// share of each value for the inline bar, and the CSV records of the export.
import { csvNumber, csvRecord, csvText } from "./csv";
import { compareKinds, DRIFT_KINDS } from "./drift";
import { compareStrings } from "./package-key";
import type { DriftKind } from "./types";
import { sortParams, withParams } from "./url-params";

export const FLEET_DRIFT_SORTS = ["hosts", "subject", "kind", "firstSeen"] as const;
export type FleetDriftSort = (typeof FLEET_DRIFT_SORTS)[number];
export const DRIFT_DIRECTIONS = ["behind", "ahead"] as const;
export type DriftDirection = (typeof DRIFT_DIRECTIONS)[number];
export type SortDir = "asc" | "desc";

/** Values listed per item (the most common first); the rest are counted in `moreValues` / `moreHosts`. */
export const TOP_VALUES = 5;
export const FLEET_DRIFT_PAGE = 50;
/**
 * Rows of the drift table on the fleet page: each is ~2 KiB of HTML (its values bar, links, actions), and a fleet
 * with a spec and many hosts of their own fills every page, so 50 rows took a 10,000-host fleet page past 300 KiB.
 */
export const FLEET_PAGE_DRIFT_ROWS = 25;
export const MAX_FLEET_DRIFT_PAGE = 500;

export interface FleetDriftQuery {
  kind: DriftKind | null;
  direction: DriftDirection | null;
  /** Subject substring, case-insensitive. */
  q: string;
  sort: FleetDriftSort;
  dir: SortDir;
  page: number;
}

/** Text columns read A→Z (kind in the drift lists' order); counts and dates largest / newest first. */
export const defaultFleetDriftDir = (s: FleetDriftSort): SortDir => (s === "subject" || s === "kind" ? "asc" : "desc");

const DEFAULT: FleetDriftQuery = { kind: null, direction: null, q: "", sort: "hosts", dir: "desc", page: 1 };

export function parseFleetDriftQuery(get: (key: string) => string | null | undefined): FleetDriftQuery {
  const sort = FLEET_DRIFT_SORTS.find((s) => s === get("driftSort")) ?? DEFAULT.sort;
  const dir = get("driftDir");
  const page = Number.parseInt(get("driftPage") ?? "", 10);
  return {
    kind: DRIFT_KINDS.find((k) => k === get("driftKind")) ?? null,
    direction: DRIFT_DIRECTIONS.find((d) => d === get("driftDirection")) ?? null,
    q: (get("driftQ") ?? "").slice(0, 200),
    sort,
    dir: dir === "asc" || dir === "desc" ? dir : defaultFleetDriftDir(sort),
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

/**
 * Writes the drift table's state into `params` (only non-default values), leaving every other key as it is. The
 * fleet page's URL carries the hosts table's keys too (q, sort, dir, page), so the drift table's keys are
 * prefixed: ?driftKind=&driftDirection=&driftQ=&driftSort=&driftDir=&driftPage=.
 */
export function withFleetDriftQuery(params: URLSearchParams, q: FleetDriftQuery): URLSearchParams {
  const s = sortParams(q.sort, q.dir, DEFAULT.sort, defaultFleetDriftDir);
  return withParams(params, {
    driftKind: q.kind,
    driftDirection: q.direction,
    driftQ: q.q,
    driftSort: s.sort,
    driftDir: s.dir,
    driftPage: q.page > 1 && String(q.page),
  });
}

/** One value seen for an item and the hosts carrying it; direction only for package versions. */
export interface FleetDriftValue {
  actual: string | null;
  hosts: number;
  direction: DriftDirection | null;
}

export interface FleetDriftRow {
  kind: DriftKind;
  subject: string;
  /** The spec's value (the same for every host: all are compared with the current spec version). */
  expected: string | null;
  hosts: number;
  fingerprints: number;
  behind: number;
  ahead: number;
  /** The earliest report with which a host still carrying the item took on its current content (ISO); see list-fleet-drift.ts. */
  firstSeen: string | null;
  /** The most common values, most hosts first. */
  values: FleetDriftValue[];
  /** Distinct values not listed, and the hosts carrying them. */
  moreValues: number;
  moreHosts: number;
}

/** A grouped row as either driver returns it (counts may arrive as strings, dates as Date or text, values as JSON text). */
export interface RawFleetDriftRow {
  kind: string;
  subject: string;
  expected: string | null;
  hosts: number | string;
  fingerprints: number | string;
  behind: number | string;
  ahead: number | string;
  first_seen: string | Date | null;
  value_count: number | string;
  top_values: string | { actual: string | null; hosts: number | string; direction: string | null }[] | null;
}

const asDirection = (d: string | null | undefined): DriftDirection | null => DRIFT_DIRECTIONS.find((x) => x === d) ?? null;

export function shapeFleetDriftRow(r: RawFleetDriftRow): FleetDriftRow {
  const raw = typeof r.top_values === "string" ? (JSON.parse(r.top_values) as Exclude<RawFleetDriftRow["top_values"], string>) : r.top_values;
  const values = (raw ?? []).map((v) => ({ actual: v.actual, hosts: Number(v.hosts), direction: asDirection(v.direction) }));
  const hosts = Number(r.hosts);
  const listed = values.reduce((s, v) => s + v.hosts, 0);
  return {
    kind: r.kind as DriftKind,
    subject: r.subject,
    expected: r.expected,
    hosts,
    fingerprints: Number(r.fingerprints),
    behind: Number(r.behind),
    ahead: Number(r.ahead),
    firstSeen: r.first_seen === null ? null : new Date(r.first_seen).toISOString(),
    values,
    moreValues: Math.max(0, Number(r.value_count) - values.length),
    moreHosts: Math.max(0, hosts - listed),
  };
}

/**
 * The order the SQL sorts by, defined once here (the integration test holds the service to it): the sort key in
 * `dir`, then kind (drift-list order) and subject ascending as tie-breakers; a missing first-seen sinks to the end.
 */
export function compareFleetDriftRows(sort: FleetDriftSort, dir: SortDir): (a: FleetDriftRow, b: FleetDriftRow) => number {
  const sign = dir === "asc" ? 1 : -1;
  const tie = (a: FleetDriftRow, b: FleetDriftRow) => compareKinds(a.kind, b.kind) || compareStrings(a.subject, b.subject);
  return (a, b) => {
    let c: number;
    if (sort === "hosts") c = sign * (a.hosts - b.hosts);
    else if (sort === "subject") c = sign * compareStrings(a.subject, b.subject);
    else if (sort === "kind") c = sign * compareKinds(a.kind, b.kind);
    else if (a.firstSeen === null || b.firstSeen === null) c = a.firstSeen === b.firstSeen ? 0 : a.firstSeen === null ? 1 : -1;
    else c = sign * compareStrings(a.firstSeen, b.firstSeen);
    return c || tie(a, b);
  };
}

/** Segments of the inline bar: each listed value's share of the item's hosts, then the rest as one "other". */
export function valueShares(row: Pick<FleetDriftRow, "hosts" | "values" | "moreHosts" | "moreValues">): { label: string; hosts: number; share: number; other: boolean }[] {
  if (row.hosts <= 0) return [];
  const out = row.values.map((v) => ({ label: v.actual ?? "absent", hosts: v.hosts, share: v.hosts / row.hosts, other: false }));
  if (row.moreHosts > 0) out.push({ label: `${row.moreValues} more value${row.moreValues === 1 ? "" : "s"}`, hosts: row.moreHosts, share: row.moreHosts / row.hosts, other: true });
  return out;
}

/** The hosts filter naming one item: "kind:subject" (kinds hold no colon; subjects may, "libc6:i386"). */
export function itemParam(kind: DriftKind, subject: string): string {
  return `${kind}:${subject}`;
}

export function parseItemParam(s: string | null | undefined): { kind: DriftKind; subject: string } | null {
  if (!s) return null;
  const i = s.indexOf(":");
  if (i < 0) return null;
  const kind = DRIFT_KINDS.find((k) => k === s.slice(0, i));
  const subject = s.slice(i + 1);
  return kind && subject ? { kind, subject } : null;
}

export const FLEET_DRIFT_CSV_HEADER = csvRecord(
  ["fleet", "kind", "subject", "expected", "hosts", "behind", "ahead", "fingerprints", "first_seen", "values"].map(csvText),
);

/** "2.4.58-1 (12 hosts, ahead); 2.4.56-1 (3 hosts, behind)": every value, since the export has no "n more". */
export function describeValues(values: readonly FleetDriftValue[]): string {
  return values.map((v) => `${v.actual ?? "absent"} (${v.hosts} host${v.hosts === 1 ? "" : "s"}${v.direction ? `, ${v.direction}` : ""})`).join("; ");
}

export function fleetDriftCsvRecord(fleet: string, r: FleetDriftRow): string {
  return csvRecord([
    csvText(fleet),
    csvText(r.kind),
    csvText(r.subject),
    csvText(r.expected),
    csvNumber(r.hosts),
    csvNumber(r.behind),
    csvNumber(r.ahead),
    csvNumber(r.fingerprints),
    csvText(r.firstSeen),
    csvText(describeValues(r.values) + (r.moreValues > 0 ? `; ${r.moreValues} more (${r.moreHosts} hosts)` : "")),
  ]);
}

export function fleetDriftFilename(fleet: string, now: Date): string {
  return `fleetprint-drift-items-${fleet}-${now.toISOString().slice(0, 10)}.csv`;
}

// The drift export's data and its machine formats (CSV, JSON). Pure: the service feeds hosts one at a time
// and the route streams whatever these return, so no format ever needs the whole export in memory.
import { csvNumber, csvRecord, csvText, UTF8_BOM } from "./csv";
import type { ReportingStatus } from "./reporting";
import type { HostSource } from "./host-source";
import type { DriftItem, SnowflakeReason, Strategy } from "./types";

export const EXPORT_FORMATS = ["csv", "json", "md", "pdf"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_MEDIA_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8; header=present",
  json: "application/json; charset=utf-8",
  md: "text/markdown; charset=utf-8",
  pdf: "application/pdf",
};

/** Response header with the number of hosts in the export: a stream has no Content-Length, so progress is per host. */
export const TOTAL_HOSTS_HEADER = "X-Fleetprint-Total-Hosts";

/** The filters as asked (null: not given), echoed in every format so a file says what it holds. */
export interface ExportFilters {
  fleet: string | null;
  drifted: boolean | null;
  snowflake: boolean | null;
  q: string | null;
  /** ISO date or date-time: only items first seen at or after it. */
  since: string | null;
  /** Only hosts with this reporting status (lib/core/reporting); absent or null: any. */
  reporting?: ReportingStatus | null;
  /** Only hosts whose data comes from this source (hosts.source); absent or null: any. */
  source?: HostSource | null;
}

export interface ExportFleet {
  name: string;
  strategy: Strategy;
  /** The spec version drift was computed against; null when the fleet has no spec. */
  specVersion: number | null;
  /** Hosts of this fleet that match the host filters (before `since`, which may drop more). */
  hosts: number;
}

export interface ExportMeta {
  generatedAt: string;
  filters: ExportFilters;
  fleets: ExportFleet[];
  totalHosts: number;
}

export interface ExportItem extends DriftItem {
  /** When the host started carrying this item without a break (see drift-since.ts); null when unknown. */
  firstSeen: string | null;
  /** Since when it has differed from the current spec (see spec-since.ts); null when unknown. */
  differsSince?: string | null;
  /** The spec version in force at differsSince. */
  differsSinceVersion?: number | null;
}

export interface ExportHost {
  fleet: string;
  strategy: Strategy;
  hostname: string;
  /** The fingerprint the items were computed from; null when the host has not reported yet. */
  fingerprint: string | null;
  /** Items against the current spec before `since`; null without a spec or a report. */
  driftCount: number | null;
  snowflakeScore: number;
  isSnowflake: boolean;
  /** The strongest reasons (reports show them; the machine formats leave them to the snowflake API). */
  snowflakeReasons: SnowflakeReason[];
  /** After the `since` filter. */
  items: ExportItem[];
  /** Whether the host still checks in (lib/core/reporting), and when it last did; absent in older callers. */
  reporting?: ReportingStatus;
  lastSeen?: string | null;
  /** Where its data comes from (hosts.source: agent, image, or an import format); absent in older callers. */
  source?: string;
}

export const EXPORT_PATH = "/api/v1/exports/drift";

/** The export URL for a host list's filters: only what narrows the list goes into the query. */
export function exportHref(f: { fleet?: string; drifted?: boolean; snowflake?: boolean; q?: string; since?: string; reporting?: ReportingStatus; source?: HostSource }, format: ExportFormat): string {
  const p = new URLSearchParams();
  if (f.fleet) p.set("fleet", f.fleet);
  if (f.drifted !== undefined) p.set("drifted", f.drifted ? "1" : "0");
  if (f.snowflake !== undefined) p.set("snowflake", f.snowflake ? "1" : "0");
  if (f.q?.trim()) p.set("q", f.q.trim());
  if (f.since) p.set("since", f.since);
  if (f.reporting) p.set("reporting", f.reporting);
  if (f.source) p.set("source", f.source);
  p.set("format", format);
  return `${EXPORT_PATH}?${p}`;
}

/** "2026-11-26T1530Z": sortable, no colons (Windows file names), says UTC. */
export function fileStamp(at: Date): string {
  return at.toISOString().slice(0, 16).replace(":", "") + "Z";
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9.]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);

/**
 * What and when: fleetprint-drift-web-mutable-snowflakes-2026-11-26T1530Z.csv. Every filter that narrows the
 * export shows in the name (q as a slug), so two exports of one fleet never look alike. ASCII only, so the
 * plain filename= parameter suffices.
 */
export function exportFilename(filters: ExportFilters, at: Date, format: ExportFormat): string {
  const parts = ["fleetprint-drift", filters.fleet ?? "all-fleets"];
  if (filters.drifted !== null) parts.push(filters.drifted ? "drifted" : "not-drifted");
  if (filters.snowflake !== null) parts.push(filters.snowflake ? "snowflakes" : "not-snowflakes");
  const q = filters.q ? slug(filters.q) : "";
  if (q) parts.push(`q-${q}`);
  if (filters.since) parts.push(`since-${filters.since.slice(0, 10)}`);
  if (filters.reporting) parts.push(filters.reporting);
  if (filters.source) parts.push(`source-${filters.source}`);
  parts.push(fileStamp(at));
  return `${parts.join("-")}.${format}`;
}

export const CSV_COLUMNS = ["fleet", "host", "kind", "subject", "expected", "actual", "direction", "first_seen", "snowflake_score", "explain", "differs_since", "differs_since_version", "reporting", "last_seen", "source"] as const;

/** BOM and header row. */
export function csvHead(): string {
  return UTF8_BOM + csvRecord([...CSV_COLUMNS]);
}

/**
 * One record per drift item. A host without items still gets one record with the item columns empty, so the
 * file lists every host the filters showed (a conforming snowflake is still worth a line), except under
 * `since`, where a host without recent items is not part of the answer and the service leaves it out.
 */
export function csvHostRecords(h: ExportHost): string {
  const lead = [csvText(h.fleet), csvText(h.hostname)];
  const score = csvNumber(h.snowflakeScore);
  const seen = [csvText(h.reporting ?? null), csvText(h.lastSeen ?? null), csvText(h.source ?? null)];
  if (h.items.length === 0) return csvRecord([...lead, "", "", "", "", "", "", score, "", "", "", ...seen]);
  let out = "";
  for (const i of h.items) {
    out += csvRecord([...lead, csvText(i.kind), csvText(i.subject), csvText(i.expected), csvText(i.actual), csvText(i.direction ?? null), csvText(i.firstSeen), score, csvText(i.explain), csvText(i.differsSince ?? null), csvNumber(i.differsSinceVersion ?? null), ...seen]);
  }
  return out;
}

/** JSON is written in three parts around the host array, so it streams. See ExportJson in openapi.ts. */
export function jsonHead(meta: ExportMeta): string {
  const head = { schema: 1, generatedAt: meta.generatedAt, filters: meta.filters, fleets: meta.fleets, totalHosts: meta.totalHosts };
  return `${JSON.stringify(head).slice(0, -1)},"hosts":[\n`;
}

export function jsonHost(h: ExportHost, first: boolean): string {
  const { snowflakeReasons: _reasons, ...rest } = h;
  return `${first ? "" : ",\n"}${JSON.stringify(rest)}`;
}

export function jsonTail(counts: { hosts: number; items: number }): string {
  return `\n],"count":${JSON.stringify(counts)}}\n`;
}

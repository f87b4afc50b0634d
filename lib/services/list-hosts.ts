import "server-only";
// Hosts as lists show them: filtered, sorted and paged in the database (joined with the worker's analysis per
// fingerprint), so a 50,000-host fleet costs one page of rows and a count, never the whole fleet in memory.
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { hostNeedle } from "@/lib/core/host-filter";
import type { ReportingStatus } from "@/lib/core/reporting";
import type { HostSource } from "@/lib/core/host-source";
import type { DriftKind, Strategy } from "@/lib/core/types";
import { ensureAnalysisFresh } from "./fleet-analysis";
import { CURRENT_DRIFT, HOST_ANALYSIS_JOIN } from "./host-analysis";

export const HOST_SORTS = ["hostname", "drift", "snowflake", "lastSeen", "lastBuilt", "sharedBy"] as const;
export type HostSort = (typeof HOST_SORTS)[number];

export interface HostFilter {
  fleet?: string;
  drifted?: boolean;
  snowflake?: boolean;
  q?: string; // hostname substring or fingerprint prefix
  /** Against last_seen and the fleet's reporting interval (lib/core/reporting), in SQL. */
  reporting?: ReportingStatus;
  /** Hosts carrying this drift item against the current spec (the fleet-wide drift table's "N hosts" link). */
  item?: { kind: DriftKind; subject: string };
  /** Hosts whose data comes from this source (hosts.source). */
  source?: HostSource;
  sort?: HostSort;
  dir?: "asc" | "desc";
  /** Page size (default 100, at most 1,000) and rows to skip. */
  limit?: number;
  offset?: number;
}

export interface HostRow {
  id: number;
  hostname: string;
  fleet: string;
  strategy: Strategy;
  fingerprint: string | null;
  machineId: string | null;
  lastSeen: string | null;
  /** "not-reporting": not seen for longer than the fleet's reporting interval; "never": no check-in yet. */
  reporting: ReportingStatus;
  lastChanged: string | null;
  lastBuilt: string;
  /** null: the fleet has no spec yet, the host has not reported, or its new fingerprint is being analysed. */
  driftCount: number | null;
  snowflakeScore: number;
  isSnowflake: boolean;
  /** How many hosts of the fleet share this exact fingerprint. */
  sharedBy: number;
  /** Where its data comes from: "agent", "image", or an import format (osquery, ansible, cyclonedx, spdx). */
  source: string;
  /** False when its source reports no config files (the spec's configs are "not collected" on it). */
  configsCollected: boolean;
}

export interface HostPage {
  hosts: HostRow[];
  /** Hosts matching the filters, all pages together. */
  total: number;
  offset: number;
  limit: number;
}

export const MAX_PAGE = 1000;

// The drift count shown is the one computed against the fleet's current spec version only.
const DRIFT = CURRENT_DRIFT;
// Missing values (no spec, never reported, being analysed) sink to the bottom in either direction.
const ORDER: Record<HostSort, SQL> = {
  hostname: sql`h.hostname`,
  drift: DRIFT,
  snowflake: sql`coalesce(ff.snowflake_score, 0)`,
  lastSeen: sql`h.last_seen`,
  lastBuilt: sql`h.last_built`,
  sharedBy: sql`coalesce(ff.hosts, 0)`,
};

interface Raw {
  id: number;
  hostname: string;
  fleet: string;
  strategy: Strategy;
  fingerprint: string | null;
  machine_id: string | null;
  last_seen: string | Date | null;
  reporting: ReportingStatus;
  last_changed: string | Date | null;
  last_built: string | Date;
  drift_count: number | null;
  score: number | null;
  is_snowflake: boolean | null;
  shared_by: number | null;
  source: string;
  configs_collected: boolean;
}

const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());

/** lib/core/reporting's staleBefore in SQL, per fleet `f`: a last_seen strictly before it is not reporting. */
export function staleSql(now: Date): SQL {
  return sql`(${now.toISOString()}::timestamptz - f.reporting_interval_minutes * interval '1 minute')`;
}

/** The reporting status in SQL, as lib/core/reporting computes it: hosts `h`, fleets `f`. */
export function reportingSql(now: Date): SQL {
  return sql`(case when h.last_seen is null then 'never' when h.last_seen < ${staleSql(now)} then 'not-reporting' else 'reporting' end)`;
}

export async function listHosts(db: Db, filter: HostFilter = {}, now = new Date()): Promise<HostPage> {
  if (filter.fleet) await ensureAnalysisFresh(db, filter.fleet);
  const where: SQL[] = [sql`true`];
  if (filter.fleet) where.push(sql`f.name = ${filter.fleet}`);
  const needle = hostNeedle(filter.q);
  if (needle) where.push(sql`(strpos(lower(h.hostname), ${needle}) > 0 or starts_with(h.fingerprint_hash, ${needle}))`);
  if (filter.drifted !== undefined) where.push(filter.drifted ? sql`coalesce(${DRIFT}, 0) > 0` : sql`coalesce(${DRIFT}, 0) = 0`);
  if (filter.snowflake !== undefined) where.push(sql`coalesce(ff.is_snowflake, false) = ${filter.snowflake}`);
  if (filter.reporting) where.push(sql`${reportingSql(now)} = ${filter.reporting}`);
  if (filter.source) where.push(sql`h.source = ${filter.source}`);
  if (filter.item)
    where.push(sql`ff.drift_spec_version = f.spec_version and exists (select 1 from fleet_drift_items d
      where d.fleet_id = h.fleet_id and d.hash = h.fingerprint_hash and d.kind = ${filter.item.kind} and d.subject = ${filter.item.subject})`);
  const from = sql`from hosts h join fleets f on f.id = h.fleet_id ${HOST_ANALYSIS_JOIN} where ${sql.join(where, sql` and `)}`;
  const limit = Math.min(MAX_PAGE, Math.max(1, filter.limit ?? 100));
  const offset = Math.max(0, filter.offset ?? 0);
  const sort = filter.sort ?? "hostname";
  const dir = sql.raw(filter.dir === "desc" ? "desc" : "asc");
  const rows = rowsOf<Raw>(
    await db.execute(sql`select h.id, h.hostname, f.name as fleet, f.strategy, h.fingerprint_hash as fingerprint, h.machine_id, h.last_seen, ${reportingSql(now)} as reporting, h.last_changed,
        h.last_built, ${DRIFT} as drift_count, ff.snowflake_score as score, ff.is_snowflake, ff.hosts as shared_by,
        h.source, h.configs_collected
      ${from} order by ${ORDER[sort]} ${dir} nulls last, f.name, h.hostname, h.id limit ${limit} offset ${offset}`),
  );
  const [{ n }] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n ${from}`));
  return {
    total: Number(n),
    offset,
    limit,
    hosts: rows.map((r) => ({
      id: r.id,
      hostname: r.hostname,
      fleet: r.fleet,
      strategy: r.strategy,
      fingerprint: r.fingerprint,
      machineId: r.machine_id,
      lastSeen: iso(r.last_seen),
      reporting: r.reporting,
      lastChanged: iso(r.last_changed),
      lastBuilt: iso(r.last_built)!,
      driftCount: r.drift_count === null ? null : Number(r.drift_count),
      snowflakeScore: Math.round(Number(r.score ?? 0) * 100) / 100,
      isSnowflake: Boolean(r.is_snowflake),
      sharedBy: Number(r.shared_by ?? 0),
      source: r.source,
      configsCollected: Boolean(r.configs_collected),
    })),
  };
}

import "server-only";
// Fleet-wide drift: the fleet's drift items grouped by (kind, subject) in SQL, each fingerprint's items weighed
// by the hosts carrying it (fleet_fingerprints.hosts), so a page costs the distinct fingerprints that drift, not
// hosts × items. Only items computed against the fleet's current spec version count: a fingerprint the worker has
// not compared with a new version yet is left out, as the hosts list leaves its drift count blank.
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { pgArray } from "@/db/sql-array";
import { DRIFT_KINDS } from "@/lib/core/drift";
import {
  FLEET_DRIFT_PAGE,
  MAX_FLEET_DRIFT_PAGE,
  shapeFleetDriftRow,
  TOP_VALUES,
  type DriftDirection,
  type FleetDriftRow,
  type FleetDriftSort,
  type RawFleetDriftRow,
  type SortDir,
} from "@/lib/core/fleet-drift";
import type { DriftKind } from "@/lib/core/types";
import { ensureAnalysisFresh } from "./fleet-analysis";
import { findFleet } from "./find-fleet";

export interface FleetDriftFilter {
  kind?: DriftKind;
  /** Items with at least one host behind (or ahead of) the spec. */
  direction?: DriftDirection;
  /** Subject substring, case-insensitive. */
  q?: string;
  sort?: FleetDriftSort;
  dir?: SortDir;
  limit?: number;
  offset?: number;
  /** Values listed per item; the rest are counted (the export asks for all of them). */
  values?: number;
}

export interface FleetDriftPage {
  fleet: string;
  specVersion: number | null;
  /** Items matching the filters, all pages together. */
  total: number;
  /** Hosts with at least one item matching the filters (a host drifting on three items counts once). */
  hosts: number;
  offset: number;
  limit: number;
  items: FleetDriftRow[];
}

// Kinds sort in the drift lists' order (array_position over DRIFT_KINDS), as compareFleetDriftRows has it.
const KINDS = pgArray(DRIFT_KINDS, "text");
const ORDER: Record<FleetDriftSort, SQL> = {
  hosts: sql`hosts`,
  subject: sql`subject collate "C"`,
  kind: sql`array_position(${KINDS}, kind)`,
  firstSeen: sql`first_seen`,
};

export async function listFleetDrift(db: Db, fleetName: string, filter: FleetDriftFilter = {}): Promise<FleetDriftPage> {
  const fleet = await findFleet(db, fleetName);
  const limit = Math.min(MAX_FLEET_DRIFT_PAGE, Math.max(1, filter.limit ?? FLEET_DRIFT_PAGE));
  const offset = Math.max(0, filter.offset ?? 0);
  const empty = { fleet: fleet.name, specVersion: fleet.specVersion, total: 0, hosts: 0, offset, limit, items: [] };
  const q = await groupedDrift(db, fleet, filter);
  if (!q) return empty;
  const items = await q.page(limit, offset);
  return { ...empty, ...(await q.totals()), items };
}

/**
 * Every item matching `filter`, `size` at a time, for the streamed export: the totals are left out, as they
 * would group the fleet's items once more per page.
 */
export async function* eachFleetDriftPage(db: Db, fleet: FleetRow, filter: FleetDriftFilter, size: number): AsyncGenerator<FleetDriftRow[]> {
  const q = await groupedDrift(db, fleet, filter);
  if (!q) return;
  for (let offset = 0; ; offset += size) {
    const rows = await q.page(size, offset);
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
  }
}

type FleetRow = Pick<Awaited<ReturnType<typeof findFleet>>, "id" | "specVersion">;

/** The fleet's items grouped as `filter` asks: a page of them, or the totals. Null when the fleet has no spec. */
async function groupedDrift(db: Db, fleet: FleetRow, filter: FleetDriftFilter) {
  await ensureAnalysisFresh(db, fleet.id);
  if (fleet.specVersion === null) return null;

  const where: SQL[] = [sql`d.fleet_id = ${fleet.id}`, sql`ff.drift_spec_version = ${fleet.specVersion}::int`];
  if (filter.kind) where.push(sql`d.kind = ${filter.kind}`);
  const needle = (filter.q ?? "").trim().toLowerCase();
  if (needle) where.push(sql`strpos(lower(d.subject), ${needle}) > 0`);
  const having = filter.direction === "ahead" ? sql`where ahead > 0` : filter.direction === "behind" ? sql`where behind > 0` : sql``;
  // First seen: per drifting fingerprint, the earliest report (host history time) with which a host that still
  // carries it took it on. Report time of this fleet's hosts rather than when the server first stored the content
  // (shared across fleets, and a restore or re-seed resets it); found through the hosts and history indexes.
  const fs = sql`select h.fingerprint_hash as hash, min(hh.at) as at from hosts h
      join host_history hh on hh.host_id = h.id and hh.fingerprint_hash = h.fingerprint_hash
      where h.fleet_id = ${fleet.id} and h.fingerprint_hash in (
        select hash from fleet_fingerprints where fleet_id = ${fleet.id} and drift_count > 0 and drift_spec_version = ${fleet.specVersion}::int)
      group by h.fingerprint_hash`;
  // Values per (item, actual) first, then items: the expected value is the same for every row of an item (one
  // spec version), the direction the same for every row of a value.
  const grouped = (withDates: boolean) => sql`with fs as (${withDates ? fs : sql`select null::text as hash, null::timestamptz as at where false`}), v as (
      select d.kind, d.subject, d.actual, min(d.expected) as expected, min(d.direction) as direction,
        -- Milliseconds, as the API returns them: a sort on microseconds the caller cannot see would look arbitrary.
        sum(ff.hosts)::int as hosts, count(*)::int as fingerprints, date_trunc('milliseconds', min(fs.at)) as first_seen
      from fleet_drift_items d
      join fleet_fingerprints ff on ff.fleet_id = d.fleet_id and ff.hash = d.hash
      left join fs on fs.hash = d.hash
      where ${sql.join(where, sql` and `)}
      group by d.kind, d.subject, d.actual
    ), g as (
      select kind, subject, min(expected) as expected, sum(hosts)::int as hosts, sum(fingerprints)::int as fingerprints,
        coalesce(sum(hosts) filter (where direction = 'behind'), 0)::int as behind,
        coalesce(sum(hosts) filter (where direction = 'ahead'), 0)::int as ahead,
        min(first_seen) as first_seen, count(*)::int as value_count,
        array_to_json((array_agg(json_build_object('actual', actual, 'hosts', hosts, 'direction', direction) order by hosts desc, actual nulls first))[1:${Math.max(1, filter.values ?? TOP_VALUES)}]) as top_values
      from v group by kind, subject
    )`;
  const sort = filter.sort ?? "hosts";
  const dir = sql.raw(filter.dir === "asc" ? "asc" : "desc");
  return {
    page: async (limit: number, offset: number) =>
      rowsOf<RawFleetDriftRow>(
        await db.execute(sql`${grouped(true)} select * from g ${having}
          order by ${ORDER[sort]} ${dir} nulls last, array_position(${KINDS}, kind), subject collate "C" limit ${limit} offset ${offset}`),
      ).map(shapeFleetDriftRow),
    totals: async () => {
      const [count] = rowsOf<{ n: number; hosts: number }>(
        await db.execute(sql`${grouped(false)} select (select count(*) from g ${having})::int as n,
          (select coalesce(sum(ff.hosts), 0) from fleet_fingerprints ff where ff.fleet_id = ${fleet.id} and exists (
            select 1 from fleet_drift_items d where d.fleet_id = ff.fleet_id and d.hash = ff.hash and (d.kind, d.subject) in (select kind, subject from g ${having})
          ) and ff.drift_spec_version = ${fleet.specVersion}::int)::int as hosts`),
      );
      return { total: Number(count.n), hosts: Number(count.hosts) };
    },
  };
}

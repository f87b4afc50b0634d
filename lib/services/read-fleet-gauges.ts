import "server-only";
// The numbers /metrics exposes per fleet and for the job queue, read at scrape time: one query for every fleet at
// once (the overview's per-fleet measure would be one per fleet) and one for the queue. The analysis numbers come
// from the worker's per-fingerprint rows (fleet_fingerprints), so a scrape never analyses anything itself.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { CURRENT_DRIFT, HOST_ANALYSIS_JOIN } from "./host-analysis";
import { staleSql } from "./list-hosts";

export interface FleetGauges {
  fleet: string;
  strategy: string;
  hosts: number;
  reporting: number;
  /** Hosts without drift against the current spec; null while the fleet has no spec (or no host is compared yet). */
  conforming: number | null;
  snowflakes: number;
  notReporting: number;
}

export interface QueueGauges {
  queued: number;
  running: number;
}

/** Every fleet's gauges and the job queue's depth: two queries, whatever the number of fleets. */
export async function readFleetGauges(db: Db, now = new Date()): Promise<{ fleets: FleetGauges[]; queue: QueueGauges }> {
  return { fleets: await perFleet(db, now), queue: await queueDepth(db) };
}

async function perFleet(db: Db, now: Date): Promise<FleetGauges[]> {
  // Drift counts of an older spec version do not count, as on the overview (lib/services/host-analysis.ts).
  const rows = rowsOf<{ name: string; strategy: string; hosts: number; reporting: number; conforming: number; compared: number; snowflakes: number; not_reporting: number }>(
    await db.execute(sql`
      select f.name, f.strategy,
        count(h.id)::int as hosts,
        count(h.fingerprint_hash)::int as reporting,
        count(*) filter (where ${CURRENT_DRIFT} = 0)::int as conforming,
        count(*) filter (where ${CURRENT_DRIFT} is not null)::int as compared,
        count(*) filter (where ff.is_snowflake)::int as snowflakes,
        count(*) filter (where h.last_seen < ${staleSql(now)})::int as not_reporting
      from fleets f
      left join hosts h on h.fleet_id = f.id
      ${HOST_ANALYSIS_JOIN}
      group by f.id
      order by f.name`),
  );
  return rows.map((r) => ({
    fleet: r.name,
    strategy: r.strategy,
    hosts: Number(r.hosts),
    reporting: Number(r.reporting),
    conforming: Number(r.compared) > 0 ? Number(r.conforming) : null,
    snowflakes: Number(r.snowflakes),
    notReporting: Number(r.not_reporting),
  }));
}

async function queueDepth(db: Db): Promise<QueueGauges> {
  const [r] = rowsOf<{ queued: number; running: number }>(
    await db.execute(sql`select count(*) filter (where status = 'queued')::int as queued, count(*) filter (where status = 'running')::int as running from jobs where status <> 'done'`),
  );
  return { queued: Number(r?.queued ?? 0), running: Number(r?.running ?? 0) };
}

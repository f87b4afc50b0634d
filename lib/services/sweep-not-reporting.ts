import "server-only";
// The not-reporting alert: fired once when a host passes its fleet's reporting interval, re-armed when it reports
// again (every last_seen write clears hosts.not_reporting_since in the same statement). The latch is taken with
// one conditional UPDATE … RETURNING, so of several app instances sweeping at once each host is won by one, and
// its events are written in the same transaction: no double alert, no lost one.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { emitAlert } from "./emit-alert";
import { staleSql } from "./list-hosts";

/** Sweeps cost a scan of the hosts not yet latched: the worker runs one at most this often. */
export const SWEEP_NOT_REPORTING_MS = 15_000;

interface Won {
  id: number;
  fleet_id: number;
  hostname: string;
  last_seen: string | Date;
  interval: number;
}

/** Latches every host newly past its interval and emits one event per host to the fleet's listening channels. */
export async function sweepNotReporting(db: Db, now = new Date()): Promise<{ hosts: number; events: number }> {
  return db.transaction(async (tx) => {
    const won = rowsOf<Won>(
      await tx.execute(sql`
        update hosts h set not_reporting_since = ${now.toISOString()}::timestamptz
        from fleets f
        where f.id = h.fleet_id and h.not_reporting_since is null and h.last_seen is not null
          and h.last_seen < ${staleSql(now)}
        returning h.id, h.fleet_id, h.hostname, h.last_seen, f.reporting_interval_minutes as interval`),
    );
    let events = 0;
    for (const h of won) {
      const lastSeen = new Date(h.last_seen).toISOString();
      events += await emitAlert(tx, {
        fleetId: h.fleet_id,
        kind: "host-not-reporting",
        subject: h.hostname,
        detail: { hostname: h.hostname, lastSeen, intervalMinutes: Number(h.interval) },
        at: now,
      });
    }
    return { hosts: won.length, events };
  });
}

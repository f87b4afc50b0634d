import "server-only";
import { and, asc, desc, eq, gte, lt, sql } from "drizzle-orm";
import { fleetSnapshots, fleets } from "@/db/schema";
import type { Db } from "@/db/client";
import { dailySeries, lastDays, type DailyPoint, type TimedSnapshot } from "@/lib/core/history-daily";
import type { Strategy } from "@/lib/core/types";
import { badRequest } from "@/lib/server/errors";
import { findFleet } from "./find-fleet";

export const MAX_HISTORY_DAYS = 731;

export interface DailyHistoryPoint extends DailyPoint {
  strategy: Strategy;
}

const columns = {
  fleetId: fleetSnapshots.fleetId,
  takenAt: fleetSnapshots.takenAt,
  hosts: fleetSnapshots.hosts,
  conforming: fleetSnapshots.conforming,
  snowflakes: fleetSnapshots.snowflakes,
  distinctFingerprints: fleetSnapshots.distinctFingerprints,
  driftItems: fleetSnapshots.driftItems,
  medianDrift: fleetSnapshots.medianDrift,
  specVersion: fleetSnapshots.specVersion,
};

/**
 * One point per fleet per UTC day of the last `days` days (today included), from the fleet trend: each day's last
 * snapshot, days without one carrying the previous value (see history-daily.ts). The database returns only the
 * last snapshot of each day plus the one before the window, so the cost follows days, not ingest activity.
 */
export async function listDailyHistory(db: Db, opts: { fleet?: string; days: number; now?: Date }): Promise<DailyHistoryPoint[]> {
  if (!Number.isInteger(opts.days) || opts.days < 1 || opts.days > MAX_HISTORY_DAYS) throw badRequest(`days must be a whole number from 1 to ${MAX_HISTORY_DAYS}.`);
  const days = lastDays(opts.now ?? new Date(), opts.days);
  const since = new Date(`${days[0]}T00:00:00.000Z`);
  const scope = opts.fleet ? [await findFleet(db, opts.fleet)] : await db.select().from(fleets).orderBy(asc(fleets.name));
  if (scope.length === 0) return [];
  const byId = new Map(scope.map((f) => [f.id, f]));
  const only = opts.fleet ? eq(fleetSnapshots.fleetId, scope[0].id) : undefined;

  const utcDate = sql`(${fleetSnapshots.takenAt} at time zone 'UTC')::date`;
  const inWindow = await db
    .selectDistinctOn([fleetSnapshots.fleetId, utcDate], columns)
    .from(fleetSnapshots)
    .where(and(only, gte(fleetSnapshots.takenAt, since)))
    .orderBy(fleetSnapshots.fleetId, utcDate, desc(fleetSnapshots.takenAt));
  // Per fleet (few of them), newest-first on the primary key: an index lookup each, not a scan of old history.
  const before = [];
  for (const f of scope) {
    const [row] = await db.select(columns).from(fleetSnapshots).where(and(eq(fleetSnapshots.fleetId, f.id), lt(fleetSnapshots.takenAt, since))).orderBy(desc(fleetSnapshots.takenAt)).limit(1);
    if (row) before.push(row);
  }

  const snapshots: TimedSnapshot[] = [...before, ...inWindow]
    .filter((r) => byId.has(r.fleetId))
    .map(({ fleetId, ...r }) => ({ ...r, fleet: byId.get(fleetId)!.name }));
  const strategy = new Map(scope.map((f) => [f.name, f.strategy]));
  return dailySeries(snapshots, days).map((p) => ({ ...p, strategy: strategy.get(p.fleet)! }));
}

import { asc, eq, gte } from "drizzle-orm";
import { fleetSnapshots, fleets } from "@/db/schema";
import type { Db } from "@/db/client";

export interface SnapshotPoint {
  fleet: string;
  strategy: "mutable" | "immutable";
  takenAt: string;
  hosts: number;
  conforming: number | null;
  conformingPct: number | null;
  snowflakes: number;
  distinctFingerprints: number;
  driftItems: number | null;
  medianDrift: number | null;
  specVersion: number | null;
}

/** Trend points of every fleet since a date, oldest first. */
export async function listSnapshots(db: Db, since: Date): Promise<SnapshotPoint[]> {
  const rows = await db
    .select({ s: fleetSnapshots, fleet: fleets.name, strategy: fleets.strategy })
    .from(fleetSnapshots)
    .innerJoin(fleets, eq(fleets.id, fleetSnapshots.fleetId))
    .where(gte(fleetSnapshots.takenAt, since))
    .orderBy(asc(fleetSnapshots.takenAt));
  return rows.map(({ s, fleet, strategy }) => ({
    fleet,
    strategy,
    takenAt: s.takenAt.toISOString(),
    hosts: s.hosts,
    conforming: s.conforming,
    conformingPct: s.conforming === null || s.hosts === 0 ? null : Math.round((s.conforming / s.hosts) * 1000) / 10,
    snowflakes: s.snowflakes,
    distinctFingerprints: s.distinctFingerprints,
    driftItems: s.driftItems,
    medianDrift: s.medianDrift,
    specVersion: s.specVersion,
  }));
}

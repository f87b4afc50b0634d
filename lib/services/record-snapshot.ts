import { and, desc, eq, gt } from "drizzle-orm";
import { fleetSnapshots, fleets } from "@/db/schema";
import type { Db } from "@/db/client";
import { measureFleet } from "./list-fleets";

const THROTTLE_MS = 10 * 60 * 1000;

/** Writes the fleet's current metrics as a point of its trend line. */
export async function recordSnapshot(db: Db, fleetId: number, at: Date) {
  const [fleet] = await db.select().from(fleets).where(eq(fleets.id, fleetId));
  const { summary: s, driftItems } = await measureFleet(db, fleet, at);
  const values = {
    fleetId,
    takenAt: at,
    hosts: s.reporting,
    conforming: s.conforming,
    snowflakes: s.snowflakes,
    distinctFingerprints: s.distinctFingerprints,
    driftItems,
    medianDrift: s.medianDrift === null ? null : Math.round(s.medianDrift),
    specVersion: s.specVersion,
  };
  await db.insert(fleetSnapshots).values(values).onConflictDoUpdate({ target: [fleetSnapshots.fleetId, fleetSnapshots.takenAt], set: values });
}

/** At most one trend point per fleet every ten minutes, however busy ingest is. */
export async function maybeRecordSnapshot(db: Db, fleetId: number, at: Date) {
  const [recent] = await db
    .select({ takenAt: fleetSnapshots.takenAt })
    .from(fleetSnapshots)
    .where(and(eq(fleetSnapshots.fleetId, fleetId), gt(fleetSnapshots.takenAt, new Date(at.getTime() - THROTTLE_MS))))
    .orderBy(desc(fleetSnapshots.takenAt))
    .limit(1);
  if (!recent) await recordSnapshot(db, fleetId, at);
}

import { and, desc, eq, gt, isNotNull } from "drizzle-orm";
import { fleetSnapshots, fleets, hosts } from "@/db/schema";
import type { Db } from "@/db/client";
import { analyzeFleet } from "./analyze-fleet";
import { summarizeFleet } from "./list-fleets";

const THROTTLE_MS = 10 * 60 * 1000;

/** Writes the fleet's current metrics as a point of its trend line. */
export async function recordSnapshot(db: Db, fleetId: number, at: Date) {
  const [fleet] = await db.select().from(fleets).where(eq(fleets.id, fleetId));
  const s = await summarizeFleet(db, fleet, at);
  const analysis = await analyzeFleet(db, fleetId);
  let driftItems: number | null = null;
  if (analysis.spec) {
    const reported = await db.select({ hash: hosts.fingerprintHash }).from(hosts).where(and(eq(hosts.fleetId, fleetId), isNotNull(hosts.fingerprintHash)));
    driftItems = reported.reduce((sum, r) => sum + (analysis.byHash.get(r.hash as string)?.drift?.length ?? 0), 0);
  }
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

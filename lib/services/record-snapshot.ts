import "server-only";
import { and, eq, isNull, lte, or } from "drizzle-orm";
import { fleetSnapshots, fleets } from "@/db/schema";
import type { Db } from "@/db/client";
import { refreshFleetAnalysis } from "./analyze-fleet";
import { measureFleet } from "./list-fleets";
import { perHandle } from "./per-handle";

export const SNAPSHOT_INTERVAL_MS = 10 * 60 * 1000;

/** Writes the fleet's current metrics as a point of its trend line (after bringing its analysis up to date). */
export async function recordSnapshot(db: Db, fleetId: number, at: Date) {
  await refreshFleetAnalysis(db, fleetId, at);
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

// When each fleet's next slot opens, as far as this process knows: a claim only moves the slot later, so a
// remembered time is never later than the stored one, and before it no claim can win (no statement needed).
const slotsOf = perHandle("__fleetprintSnapshotSlots", () => new Map<number, number>());

/**
 * At most one trend point per fleet per interval, whatever the concurrency and the number of app instances:
 * the slot is claimed with one conditional UPDATE (the row lock makes racing claimers wait, then fail the
 * condition), never checked and then written.
 */
export async function maybeRecordSnapshot(db: Db, fleetId: number, at: Date): Promise<boolean> {
  const known = slotsOf(db);
  if (at.getTime() < (known.get(fleetId) ?? -Infinity)) return false;
  const [won] = await db
    .update(fleets)
    .set({ snapshotDueAt: new Date(at.getTime() + SNAPSHOT_INTERVAL_MS) })
    .where(and(eq(fleets.id, fleetId), or(isNull(fleets.snapshotDueAt), lte(fleets.snapshotDueAt, at))))
    .returning({ id: fleets.id });
  if (!won) {
    // Someone else (another instance, the worker) holds the slot: learn until when, once.
    const [row] = await db.select({ due: fleets.snapshotDueAt }).from(fleets).where(eq(fleets.id, fleetId));
    if (row?.due) known.set(fleetId, row.due.getTime());
    return false;
  }
  known.set(fleetId, at.getTime() + SNAPSHOT_INTERVAL_MS);
  await recordSnapshot(db, fleetId, at);
  return true;
}

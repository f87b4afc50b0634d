import "server-only";
import { fleets } from "@/db/schema";
import type { Db } from "@/db/client";
import { maybeRecordSnapshot } from "./record-snapshot";

/**
 * Ingest writes a trend point only when a fingerprint changes (at most every 10 minutes), so the moment a fleet
 * finishes converging could go unrecorded until its next change. Workers call this periodically: every fleet
 * gets a point at least every 10 minutes (the throttle makes concurrent callers harmless).
 */
export async function recordDueSnapshots(db: Db, now = new Date()) {
  const all = await db.select({ id: fleets.id }).from(fleets);
  for (const f of all) await maybeRecordSnapshot(db, f.id, now);
  return all.length;
}

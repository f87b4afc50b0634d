// Brings every fleet's analysis up to date now. refreshAnalyses is the worker's pass: it spaces the refreshes of a
// fleet whose reports just moved (analyze-fleet.ts refreshDue), so on a loaded machine it may leave a fleet one
// refresh behind for its next pass, and a test reading counts right after would read them a report short.
import { fleets } from "@/db/schema";
import type { Db } from "@/db/client";
import { refreshFleetAnalysis } from "@/lib/services/analyze-fleet";

export async function analyzeAllFleets(db: Db, now = new Date()) {
  for (const { id } of await db.select({ id: fleets.id }).from(fleets)) await refreshFleetAnalysis(db, id, now);
}

import "server-only";
// Several app instances on one PostgreSQL each run a worker, and each sees a fleet's revision move. Without a lease
// both read the same revision (every host's count, every new fingerprint) and only one may apply it (the claim on
// analyzed_revision in analyze-fleet.ts): the other's reading was wasted, for every refresh of a herd. The lease is
// taken with a conditional update before any reading, so the loser skips at once. It is an economy, not the
// guard: a lease that runs out while its holder still works lets another start, and the claim still decides.
// On the embedded database one process holds the data folder, so there is nobody to share with: no lease.
import { randomUUID } from "node:crypto";
import os from "node:os";
import { and, eq, sql } from "drizzle-orm";
import { fleets } from "@/db/schema";
import { driverOf, type Db } from "@/db/client";
import { perHandle } from "./per-handle";

/** Longer than a refresh normally takes (a whole rescore of a 25,000-fingerprint fleet: seconds to tens of them). */
const LEASE_S = 120;
/** How often a read waiting for another instance's refresh looks again. */
const POLL_MS = 50;

/** This process's name for one database handle (tests open several handles in one process). */
const holderOf = perHandle("__fleetprintLeaseHolder", () => `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`);

const shared = (db: Db) => driverOf(db) === "postgres";

/** Takes (or extends) the fleet's analysis lease; false when another instance holds one that has not run out. */
export async function leaseAnalysis(db: Db, fleetId: number): Promise<boolean> {
  if (!shared(db)) return true;
  const me = holderOf(db);
  const won = await db
    .update(fleets)
    .set({ analysisLeaseBy: me, analysisLeaseUntil: sql`now() + make_interval(secs => ${LEASE_S})` })
    .where(and(eq(fleets.id, fleetId), sql`(${fleets.analysisLeaseUntil} is null or ${fleets.analysisLeaseUntil} < now() or ${fleets.analysisLeaseBy} = ${me})`))
    .returning({ id: fleets.id });
  return won.length > 0;
}

/** Gives the lease back (only if still this instance's). */
export async function releaseAnalysis(db: Db, fleetId: number): Promise<void> {
  if (!shared(db)) return;
  await db
    .update(fleets)
    .set({ analysisLeaseBy: null, analysisLeaseUntil: null })
    .where(and(eq(fleets.id, fleetId), eq(fleets.analysisLeaseBy, holderOf(db))));
}

/**
 * While another instance holds the fleet's lease and has not yet analysed the revision seen on the first look,
 * waits for it (at most `waitMs`): what the caller wanted done is being done there. At once on the embedded database.
 */
export async function analysedElsewhere(db: Db, fleetId: number, waitMs: number): Promise<void> {
  if (!shared(db)) return;
  const me = holderOf(db);
  const until = performance.now() + waitMs;
  let target: number | undefined;
  while (performance.now() < until) {
    const [f] = await db
      .select({ revision: fleets.revision, analyzed: fleets.analyzedRevision, by: fleets.analysisLeaseBy, live: sql<boolean>`coalesce(${fleets.analysisLeaseUntil} > now(), false)` })
      .from(fleets)
      .where(eq(fleets.id, fleetId));
    target ??= f?.revision;
    if (!f || f.analyzed >= target! || !f.live || f.by === me) return;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

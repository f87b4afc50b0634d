import "server-only";
import { sql } from "drizzle-orm";
import { driverOf, rowsOf, type Db } from "@/db/client";
import { maintenanceDue, maintenanceStatements, type MaintenancePlan, type TableActivity } from "@/lib/core/vacuum-due";

/**
 * The embedded PGlite has no autovacuum: the rows that every report and analysis rewrite (host last_seen,
 * per-fleet counts) would leave dead versions behind until the folder is many times its live size, and the
 * planner's statistics would stay those of an empty database. The worker applies autovacuum's rule instead
 * (lib/core/vacuum-due.ts) every few seconds, so a herd's updates reuse the space of the versions they replaced
 * instead of growing the file; PostgreSQL's autovacuum does this on its own. With `checkpoint` (every ten
 * minutes) one follows: PGlite has no checkpointer either, and WAL segments are recycled only at a checkpoint
 * (or shutdown), so the folder keeps a bounded WAL (db/client.ts sets its size). Returns what it did, or null on
 * PostgreSQL.
 */
export async function vacuumEmbedded(db: Db, opts: { checkpoint?: boolean } = {}): Promise<MaintenancePlan | null> {
  if (driverOf(db) !== "pglite") return null;
  const plan = maintenanceDue(await activity(db));
  for (const statement of maintenanceStatements(plan)) await db.execute(sql.raw(statement));
  if (opts.checkpoint) await db.execute(sql`checkpoint`);
  return plan;
}

async function activity(db: Db): Promise<TableActivity[]> {
  return rowsOf<TableActivity>(
    await db.execute(sql`select relname as "name", n_live_tup::int as "live", n_dead_tup::int as "dead",
      n_ins_since_vacuum::int as "insertedSinceVacuum", n_mod_since_analyze::int as "modifiedSinceAnalyze" from pg_stat_user_tables`),
  );
}

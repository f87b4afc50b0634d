import "server-only";
import { sql } from "drizzle-orm";
import { driverOf, type Db } from "@/db/client";

/**
 * The embedded PGlite has no autovacuum: the rows that every report and analysis rewrite (host last_seen,
 * per-fleet counts) would leave dead versions behind until the folder is many times its live size. The worker
 * vacuums those tables now and then; PostgreSQL's autovacuum does this on its own. It has no checkpointer
 * either: WAL segments are recycled only at a checkpoint (or shutdown), so one follows, and the folder keeps a
 * bounded WAL (db/client.ts sets its size) instead of every write since the start.
 */
export async function vacuumEmbedded(db: Db): Promise<boolean> {
  if (driverOf(db) !== "pglite") return false;
  await db.execute(sql`vacuum (analyze) hosts, fleets, fleet_fingerprints, fleet_item_counts, fleet_snapshots`);
  await db.execute(sql`checkpoint`);
  return true;
}

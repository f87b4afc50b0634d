import type { PGlite } from "@electric-sql/pglite";
import { dumpPglite } from "@/db/backup";
import { driverOf, type Db } from "@/db/client";
import { conflict } from "@/lib/server/errors";
import { writeAudit, type Actor } from "./audit";

/**
 * A consistent dump of the embedded database while this server runs (the data folder is locked by it, so a script
 * cannot open it). The audit row is written first, so the dump records who took it.
 */
export async function dumpDatabase(db: Db, actor: Actor): Promise<Blob> {
  if (driverOf(db) !== "pglite") {
    throw conflict("This server runs on PostgreSQL (DATABASE_URL): back it up with pg_dump -Fc and restore with pg_restore (README, Backups).");
  }
  await writeAudit(db, actor, "database.backup", "pglite");
  return dumpPglite((db as unknown as { $client: PGlite }).$client);
}

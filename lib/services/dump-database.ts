import "server-only";
import type { PGlite } from "@electric-sql/pglite";
import { dumpPglite } from "@/db/backup";
import type { Db } from "@/db/client";
import { conflict } from "@/lib/server/errors";
import { writeAudit, type Actor } from "./audit";

/**
 * A consistent dump of the embedded database while this server runs (the data folder is locked by it, so a script
 * cannot open it). The audit row is written first, so the dump records who took it.
 */
export async function dumpDatabase(db: Db, actor: Actor): Promise<Blob> {
  // Asked of the client itself, not driverOf(): a route's bundle can hold its own copy of db/client.ts, whose
  // registry of drivers is empty (the connection is shared through globalThis, the registry is not).
  const client = (db as unknown as { $client?: Partial<PGlite> }).$client;
  if (typeof client?.dumpDataDir !== "function") {
    throw conflict("This server runs on PostgreSQL (DATABASE_URL): back it up with pg_dump -Fc and restore with pg_restore (README, Backups).");
  }
  await writeAudit(db, actor, "database.backup", "pglite");
  return dumpPglite(client as PGlite);
}

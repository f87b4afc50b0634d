// Backups of the embedded database: PGlite's own dump of its data folder (a gzipped tar of PGDATA), taken from the
// running process or from a folder no process holds, and restored into a fresh folder. PostgreSQL is backed up with
// pg_dump instead (README, Backups).
import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { acquireDataDirLock } from "./lock";

/** Where db/client.ts keeps PGDATA inside a data folder. */
export const PGDATA = "pgdata";

/**
 * A consistent dump of a live PGlite. Holding the transaction lock means no transaction of this process is half
 * done; the checkpoint first writes what is cached to the files, so the tar holds little WAL to replay. Queries wait
 * while the files are read (about a second per 100 MiB); nothing else stops.
 */
export async function dumpPglite(client: PGlite): Promise<Blob> {
  await client.exec("CHECKPOINT");
  return client._runExclusiveTransaction(() => client.dumpDataDir("gzip"));
}

/** A dump of a data folder that no running server holds (its lock is taken meanwhile; a live holder throws). */
export async function dumpDataFolder(dataDir: string): Promise<Blob> {
  if (!fs.existsSync(path.join(dataDir, PGDATA, "PG_VERSION"))) throw new Error(`There is no embedded database in ${dataDir} (no ${PGDATA}/PG_VERSION).`);
  const release = acquireDataDirLock(dataDir);
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    const client = await PGlite.create(path.join(dataDir, PGDATA));
    try {
      return await dumpPglite(client);
    } finally {
      await client.close();
    }
  } finally {
    release();
  }
}

/** Why a folder cannot take a restore, or null: only a missing or empty folder may, so nothing is ever overwritten. */
export function restoreTargetProblem(dataDir: string): string | null {
  if (!fs.existsSync(dataDir)) return null;
  if (!fs.statSync(dataDir).isDirectory()) return `${dataDir} is not a folder.`;
  const entries = fs.readdirSync(dataDir);
  return entries.length ? `${dataDir} is not empty (${entries.slice(0, 3).join(", ")}${entries.length > 3 ? ", …" : ""}): restore into a new folder, then point FLEETPRINT_DATA_DIR at it.` : null;
}

/** Unpacks a dump into a fresh data folder and opens it once, which replays its WAL; answers the tables' row counts. */
export async function restoreDataFolder(dataDir: string, dump: Blob, countTables: readonly string[]): Promise<Record<string, number>> {
  const problem = restoreTargetProblem(dataDir);
  if (problem) throw new Error(problem);
  fs.mkdirSync(dataDir, { recursive: true });
  const release = acquireDataDirLock(dataDir);
  let opened = false;
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    const client = await PGlite.create(path.join(dataDir, PGDATA), { loadDataDir: dump });
    opened = true;
    try {
      const counts: Record<string, number> = {};
      for (const t of countTables) counts[t] = Number((await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${t}"`)).rows[0].n);
      return counts;
    } finally {
      await client.close();
    }
  } catch (e) {
    // A dump that does not unpack leaves no half folder behind to be mistaken for a database.
    if (!opened) fs.rmSync(path.join(dataDir, PGDATA), { recursive: true, force: true });
    throw e;
  } finally {
    release();
  }
}

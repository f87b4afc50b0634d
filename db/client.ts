import "server-only";
// One database connection per process, kept on globalThis so Next's module reloading never opens a second
// PGlite on the same folder. Migrations run once, on first use.
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";
import { chooseDriver, type DriverChoice } from "./driver";
import { acquireDataDirLock } from "./lock";
import { leanClient } from "./pglite-parsers";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

interface Handle {
  db: Db;
  kind: DriverChoice["kind"];
  close: () => Promise<void>;
}

const g = globalThis as unknown as { __fleetprintDb?: Promise<Handle> };

// Which driver a handle talks to: the embedded PGlite is one process by construction (the data-folder lock), so
// in-process caches of database state are safe there and only there.
const kinds = new WeakMap<object, DriverChoice["kind"]>();
export const driverOf = (db: object): DriverChoice["kind"] | undefined => kinds.get(db);

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

export function getDb(): Promise<Db> {
  g.__fleetprintDb ??= openDb(chooseDriver(process.env, process.cwd())).catch((e) => {
    g.__fleetprintDb = undefined;
    throw e;
  });
  return g.__fleetprintDb.then((h) => h.db);
}

export async function closeDb(): Promise<void> {
  const h = g.__fleetprintDb;
  g.__fleetprintDb = undefined;
  if (h) await (await h).close();
}

export async function openDb(choice: DriverChoice): Promise<Handle> {
  if (choice.kind === "postgres") {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    const client = postgres(choice.url, { max: 10, onnotice: () => {} });
    const db = drizzle(client, { schema });
    await migrate(db, { migrationsFolder });
    kinds.set(db, "postgres");
    return { db: db as unknown as Db, kind: "postgres", close: () => client.end() };
  }
  const release = acquireDataDirLock(choice.dataDir);
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle } = await import("drizzle-orm/pglite");
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    // The WAL kept between checkpoints (the worker runs one with its vacuum): PostgreSQL's defaults (80 MiB
    // to 1 GiB) suit a server disk, not an embedded folder. Past max_wal_size the one backend checkpoints right
    // there, and after a checkpoint every page's first change writes the whole page to the WAL: at 64 MiB a
    // herd of first reports checkpointed often enough that the herd cost ~8% more CPU per host (in-process,
    // 3,000 hosts: 5.5-6.0 ms against 5.1-5.3 ms at 256 MiB). Between herds the folder keeps min_wal_size.
    const client = await PGlite.create(path.join(choice.dataDir, "pgdata"), {
      postgresqlconf: ["min_wal_size = 32MB", "max_wal_size = 256MB"],
    });
    const db = drizzle(leanClient(client), { schema });
    await migrate(db, { migrationsFolder });
    kinds.set(db, "pglite");
    return {
      db: db as unknown as Db,
      kind: "pglite",
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}

/** postgres-js returns an array, PGlite returns {rows}: one shape for raw queries. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

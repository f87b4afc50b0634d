// Real PostgreSQL for tests: a migrated template database, cloned per test file with CREATE DATABASE … TEMPLATE.
import postgres from "postgres";

export const PG_URL = process.env.FLEETPRINT_TEST_PG_URL || "postgres://fleetprint:fleetprint@127.0.0.1:5432/fleetprint_test";

export function pgUrlFor(db: string): string {
  const u = new URL(PG_URL);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Creates a fresh, empty database; the caller migrates it (drizzle's migrator is what the app runs too). */
export async function createScratchDb(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = postgres(PG_URL, { max: 1, onnotice: () => {} });
  try {
    await admin`select 1`;
  } catch (e) {
    await admin.end();
    throw new Error(
      `PostgreSQL tests need a server at ${PG_URL} (set FLEETPRINT_TEST_PG_URL). ` +
        `On Debian: pg_ctlcluster 15 main start, then see .ci/run for the role. Cause: ${(e as Error).message}`,
      { cause: e },
    );
  }
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  return {
    url: pgUrlFor(name),
    drop: () => dropScratchDb(PG_URL, name),
  };
}

/**
 * DROP DATABASE … WITH (FORCE) ends the connections left in the database, but an autovacuum worker there has no role,
 * so only a superuser or a member of pg_signal_backend may end it (.ci/run grants that). Without it the drop is
 * retried until the worker is done; a database that still cannot go is reported, not failed on: its name is unique.
 */
export async function dropScratchDb(url: string, name: string): Promise<void> {
  const a = postgres(url, { max: 1, onnotice: () => {} });
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await a.unsafe(`drop database if exists "${name}" with (force)`);
        return;
      } catch (e) {
        if (attempt >= 20) {
          console.warn(`could not drop scratch database ${name}: ${(e as Error).message}`);
          return;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  } finally {
    await a.end();
  }
}

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
    );
  }
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  return {
    url: pgUrlFor(name),
    drop: async () => {
      const a = postgres(PG_URL, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists "${name}" with (force)`);
      await a.end();
    },
  };
}

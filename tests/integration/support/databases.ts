// Runs a suite against both drivers: in-process PGlite and a real PostgreSQL, through the app's own openDb.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { openDb, type Db } from "@/db/client";
import { createScratchDb } from "./pg";

export const DRIVERS = ["pglite", "postgres"] as const;
export type DriverKind = (typeof DRIVERS)[number];

export interface TestDb {
  db: Db;
  close: () => Promise<void>;
}

/**
 * A new temporary data folder holding a copy of the run's migrated embedded database (global-setup.ts): a cold one
 * would cost seconds of CPU per suite. For tests whose subject is not a first start.
 */
export function migratedPgliteDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(inject("pgliteTemplate"), dir, { recursive: true });
  return dir;
}

export async function openTestDb(kind: DriverKind): Promise<TestDb> {
  if (kind === "pglite") {
    const dir = migratedPgliteDir("fp-test-");
    const h = await openDb({ kind: "pglite", dataDir: dir });
    return {
      db: h.db,
      close: async () => {
        await h.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const scratch = await createScratchDb("fp_it");
  const h = await openDb({ kind: "postgres", url: scratch.url });
  return {
    db: h.db,
    close: async () => {
      await h.close();
      await scratch.drop();
    },
  };
}

import "server-only";
// GET /api/healthz (this process answers) and GET /api/readyz (it can do its work: the database answers a trivial
// query within a deadline, the migrations this build ships are applied, the rebuild worker runs). Unauthenticated,
// so the answer says up or down and nothing more; why it is down goes to the log, once per change.
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { getDb, migrationsFolder, rowsOf } from "@/db/client";
import { workerUp } from "@/lib/jobs/app-worker";
import { log } from "./log";

export const UP = { status: "ok" } as const;
export const DOWN = { status: "unavailable" } as const;
/** A database slower than this is as good as down for a load balancer deciding where to send traffic. */
const DEADLINE_MS = 2_000;

let lastMigration: number | null = null;
/** The newest migration of this build (its journal's last "when", which drizzle records as created_at). */
function shippedMigration(): number {
  if (lastMigration === null) {
    const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as { entries: { when: number }[] };
    lastMigration = Math.max(0, ...journal.entries.map((e) => e.when));
  }
  return lastMigration;
}

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** Why this instance is not ready, or null when it is. */
export async function notReadyBecause(): Promise<string | null> {
  try {
    const db = await within(getDb(), DEADLINE_MS, "opening the database");
    const [r] = rowsOf<{ at: string | number | null }>(await within(db.execute(sql`select max(created_at) as at from drizzle.__drizzle_migrations`), DEADLINE_MS, "the database"));
    if (Number(r?.at ?? 0) < shippedMigration()) return "the database lacks this build's migrations";
  } catch (e) {
    return `database: ${(e as Error).message}`;
  }
  return workerUp() ? null : "the rebuild worker is not running";
}

const g = globalThis as unknown as { __fleetprintReady?: string | null };

export async function readiness(): Promise<{ status: 200 | 503; body: typeof UP | typeof DOWN }> {
  const why = await notReadyBecause();
  if (why !== (g.__fleetprintReady ?? null)) {
    if (why) log.warn({ reason: why }, "readyz: not ready");
    else log.info("readyz: ready again");
    g.__fleetprintReady = why;
  }
  return why ? { status: 503, body: DOWN } : { status: 200, body: UP };
}

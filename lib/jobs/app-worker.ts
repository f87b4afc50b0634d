import "server-only";
import { driverOf, getDb } from "@/db/client";
import { releaseOrphanedJobs } from "./claim-job";
import { startWorker, type Worker } from "./worker";
import { log } from "@/lib/server/log";

const g = globalThis as unknown as { __fleetprintWorker?: Worker };

/** For readiness: this instance's worker runs, or was turned off on purpose (FLEETPRINT_WORKER=0). */
export function workerUp(env: Record<string, string | undefined> = process.env): boolean {
  if (env.FLEETPRINT_WORKER === "0") return true;
  return g.__fleetprintWorker?.running() ?? false;
}

/** One worker per app process; it stops with the process, leaving unfinished jobs to the next start. */
export async function startAppWorker() {
  if (g.__fleetprintWorker) return g.__fleetprintWorker;
  const db = await getDb();
  if (driverOf(db) === "pglite") {
    const n = await releaseOrphanedJobs(db);
    if (n) log.info(`${n} rebuild job(s) were cut short by the last stop; resuming them`);
  }
  const base = (process.env.FLEETPRINT_URL || `http://127.0.0.1:${process.env.PORT || 3000}`).replace(/\/$/, "");
  // Providers see the environment (cloud tokens live there) but never Fleetprint's own secrets.
  const env: Record<string, string | undefined> = { ...process.env, FLEETPRINT_URL: base };
  for (const k of ["FLEETPRINT_ADMIN_TOKEN", "BETTER_AUTH_SECRET", "DATABASE_URL"]) delete env[k];
  const worker = startWorker(db, {
    env,
    pollMs: Number(process.env.FLEETPRINT_WORKER_POLL_MS || 1000),
    callbackUrl: (requestId) => `${base}/api/v1/rebuilds/${requestId}/callback`,
  });
  g.__fleetprintWorker = worker;
  // Warm-up, in the background: after a restart every cache is empty and the database's buffers are cold, so
  // the first dashboard visitor would wait for all of it (seconds at 10,000 hosts). Measuring each fleet once
  // now fills the per-process numbers that the first page then reads.
  void import("@/lib/services/list-fleets").then(({ listFleets }) => listFleets(db)).catch((e) => log.error({ err: e }, "warm-up failed"));
  for (const sig of ["SIGTERM", "SIGINT"] as const) {
    process.once(sig, () => {
      void worker.stop().finally(() => process.exit(0));
    });
  }
  return worker;
}

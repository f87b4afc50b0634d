import "server-only";
// The in-process worker: every app instance runs one. Jobs live in the database, so a restart loses nothing,
// and claims use SKIP LOCKED, so instances never run the same job.
import { randomUUID } from "node:crypto";
import os from "node:os";
import type { Db } from "@/db/client";
import { runRebuildJob, type RunOptions } from "@/lib/services/run-rebuild-job";
import { sweepRebuilds } from "@/lib/services/sweep-rebuilds";
import { deliverAlerts } from "@/lib/services/deliver-alerts";
import { recordDueSnapshots } from "@/lib/services/record-due-snapshots";
import { refreshAnalyses } from "@/lib/services/analyze-fleet";
import { flushLastSeen } from "@/lib/services/record-last-seen";
import { vacuumEmbedded } from "@/lib/services/vacuum-embedded";
import { SWEEP_NOT_REPORTING_MS, sweepNotReporting } from "@/lib/services/sweep-not-reporting";
import { expireWaivers } from "@/lib/services/expire-waivers";
import { log } from "@/lib/server/log";

const VACUUM_MS = 10 * 60_000;
import { claimJob, extendLease, leaseSeconds } from "./claim-job";

export interface WorkerOptions extends RunOptions {
  concurrency?: number;
  pollMs?: number;
  stopGraceMs?: number;
}

export interface Worker {
  id: string;
  stop: () => Promise<void>;
  /** Claims and runs whatever is runnable now, then sweeps; resolves when idle. For tests and the loop. */
  drain: () => Promise<number>;
  /** False once stop() began (readiness: an instance whose worker stopped is not ready). */
  running: () => boolean;
}

export function startWorker(db: Db, opts: WorkerOptions = {}, autoLoop = true): Worker {
  const id = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const abort = new AbortController();
  const concurrency = opts.concurrency ?? 4;
  let running = 0;
  let stopped = false;
  const inflight = new Set<Promise<void>>();

  const runOne = async (): Promise<boolean> => {
    const job = await claimJob(db, id);
    if (!job) return false;
    running++;
    const heartbeat = setInterval(() => void extendLease(db, job.id, id).catch(() => {}), Math.min(20_000, (leaseSeconds() * 1000) / 3));
    const p = runRebuildJob(db, job, { ...opts, signal: abort.signal })
      .catch((e) => log.error({ err: e, jobId: job.id }, "rebuild job failed unexpectedly"))
      .finally(() => {
        clearInterval(heartbeat);
        running--;
        inflight.delete(p);
      });
    inflight.add(p);
    return true;
  };

  const drain = async () => {
    let started = 0;
    for (;;) {
      while (!stopped && running < concurrency && (await runOne())) started++;
      if (inflight.size === 0) break;
      await Promise.race(inflight);
    }
    await refreshAnalyses(db, new Date());
    await sweepRebuilds(db);
    await deliverAlerts(db, new Date(), { env: opts.env });
    return started;
  };

  let timer: NodeJS.Timeout | undefined;
  let lastSnapshots = 0;
  let lastVacuum = Date.now();
  let lastNotReporting = 0;
  const loop = async () => {
    if (stopped) return;
    try {
      while (!stopped && running < concurrency && (await runOne()));
      // Analysis runs behind ingest: each tick applies what changed since the last one, fleet by fleet.
      await expireWaivers(db, new Date());
      await refreshAnalyses(db, new Date());
      await sweepRebuilds(db);
      await deliverAlerts(db, new Date(), { env: opts.env });
      if (Date.now() - lastVacuum > VACUUM_MS) {
        lastVacuum = Date.now();
        await vacuumEmbedded(db);
      }
      if (Date.now() - lastNotReporting > SWEEP_NOT_REPORTING_MS) {
        lastNotReporting = Date.now();
        await sweepNotReporting(db);
      }
      if (Date.now() - lastSnapshots > 5_000) {
        lastSnapshots = Date.now();
        await recordDueSnapshots(db);
      }
    } catch (e) {
      log.error({ err: e }, "worker tick failed");
    }
    if (!stopped) timer = setTimeout(loop, opts.pollMs ?? 1000);
  };
  if (autoLoop) timer = setTimeout(loop, opts.pollMs ?? 1000);

  return {
    id,
    drain,
    running: () => !stopped,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      // Give running provider calls a moment, then leave them: a job whose call began is never re-run on the
      // next start (its phase says so); the host's next report verifies it instead.
      await Promise.race([Promise.allSettled([...inflight]), new Promise((r) => setTimeout(r, opts.stopGraceMs ?? 10_000))]);
      abort.abort();
      await flushLastSeen(db).catch((e) => log.error({ err: e }, "last_seen flush at stop failed"));
    },
  };
}

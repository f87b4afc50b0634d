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

import { claimJob, extendLease, leaseSeconds } from "./claim-job";

// The embedded database's autovacuum: its rule is checked this often (a read of pg_stat_user_tables), and a
// checkpoint follows every CHECKPOINT_MS (lib/services/vacuum-embedded.ts).
const VACUUM_CHECK_MS = 10_000;
const CHECKPOINT_MS = 10 * 60_000;
// A tick longer than this is logged with its steps.
const SLOW_TICK_MS = 1000;

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
  let lastVacuum = 0;
  let lastCheckpoint = Date.now();
  let lastNotReporting = 0;
  const loop = async () => {
    if (stopped) return;
    // How long each step of the tick took: a slow tick is logged with them, so an operator can tell why reads
    // (which wait behind the tick on the embedded database) were slow.
    const steps: Record<string, number> = {};
    const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      try {
        return await run();
      } finally {
        steps[name] = Math.round(performance.now() - t0);
      }
    };
    try {
      await step("jobs", async () => {
        while (!stopped && running < concurrency && (await runOne()));
      });
      // Analysis runs behind ingest: each tick applies what changed since the last one, fleet by fleet.
      await step("waivers", () => expireWaivers(db, new Date()));
      await step("analysis", () => refreshAnalyses(db, new Date()));
      await step("rebuilds", () => sweepRebuilds(db));
      await step("alerts", () => deliverAlerts(db, new Date(), { env: opts.env }));
      if (Date.now() - lastVacuum > VACUUM_CHECK_MS) {
        lastVacuum = Date.now();
        const checkpoint = lastVacuum - lastCheckpoint > CHECKPOINT_MS;
        if (checkpoint) lastCheckpoint = lastVacuum;
        const plan = await step("vacuum", () => vacuumEmbedded(db, { checkpoint }));
        if (plan && (plan.vacuum.length || plan.analyze.length)) log.debug({ ...plan, ms: steps.vacuum }, "embedded vacuum");
      }
      if (Date.now() - lastNotReporting > SWEEP_NOT_REPORTING_MS) {
        lastNotReporting = Date.now();
        await step("notReporting", () => sweepNotReporting(db));
      }
      if (Date.now() - lastSnapshots > 5_000) {
        lastSnapshots = Date.now();
        await step("snapshots", () => recordDueSnapshots(db));
      }
    } catch (e) {
      log.error({ err: e }, "worker tick failed");
    }
    const ms = Object.values(steps).reduce((a, b) => a + b, 0);
    if (ms > SLOW_TICK_MS) log.info({ ms, steps }, "slow worker tick");
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

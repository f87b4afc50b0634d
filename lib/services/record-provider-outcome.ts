import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { fleets, hosts, jobs, rebuildAttempts, rebuildHosts, rebuildRequests } from "@/db/schema";
import type { Db } from "@/db/client";
import { decideRetry } from "@/lib/core/rebuild-retry";
import type { ClaimedJob } from "@/lib/jobs/claim-job";
import { fmtSeconds } from "@/lib/providers/http";
import type { ProviderOutcome } from "@/lib/providers/types";
import { advanceRollout } from "./advance-rollout";
import { SYSTEM, writeAudit } from "./audit";
import { forgetHostAuth } from "./host-auth-cache";
import { verifyRebuild } from "./verify-rebuild";
import { metrics } from "@/lib/server/metrics";

/** Base of the retry schedule (30 s, then ×4); a lab or a test may shorten it. */
const backoffBaseMs = () => {
  const v = Number(process.env.FLEETPRINT_REBUILD_BACKOFF_MS);
  return Number.isFinite(v) && v > 0 ? v : 30_000;
};

/** One line of a host's provider log, stamped with the time of day (UTC). */
export const logLine = (at: Date, text: string) => `[${at.toISOString().slice(11, 19)}] ${text}\n`;

export interface CallResult {
  outcome: ProviderOutcome;
  log: string;
  at: Date;
  /** This call's number for the host (1-based), and the fleet's limit. */
  attempt: number;
  limit: number;
  /** rebuild_attempts row of this call (0: none). */
  attemptId: number;
  /** The provider can follow a remote job it started (a retry then resumes instead of starting another). */
  resumable: boolean;
  redacted: (text: string) => string;
  /** This process is stopping and cut the call short: the next start takes it up (resume, or verify), never anew. */
  interrupted?: boolean;
  /** The provider's kind, for fleetprint_rebuild_job_outcomes_total (none: the fleet has no provider). */
  provider?: string;
}

/**
 * What a provider call ended in, written at once: verification starts, a callback is awaited, the host failed for
 * good, or (a transient failure within the fleet's limit) the job goes back in the queue for a later attempt.
 */
export async function recordProviderOutcome(db: Db, job: ClaimedJob, r: CallResult) {
  const { outcome, at } = r;
  const message = r.redacted(outcome.message);
  const interrupted = r.interrupted && outcome.status === "failed";
  const retry = outcome.status === "failed" && !interrupted ? decideRetry(outcome, r.attempt, r.limit, at, backoffBaseMs()) : null;
  metrics().jobOutcomes.inc({ provider: r.provider ?? "none", outcome: interrupted ? "interrupted" : retry?.retry ? "retrying" : outcome.status });
  if (interrupted) return leaveForNextStart(db, job, r);
  await db.transaction(async (tx) => {
    const [fleet] = await tx.select({ verifyMinutes: fleets.verifyMinutes }).from(fleets).innerJoin(rebuildRequests, eq(rebuildRequests.fleetId, fleets.id)).where(eq(rebuildRequests.id, job.requestId));
    const where = and(eq(rebuildHosts.requestId, job.requestId), eq(rebuildHosts.hostId, job.hostId));
    const log = sql`${rebuildHosts.log} || ${r.log}`;
    const verifyBy = new Date(at.getTime() + (fleet?.verifyMinutes ?? 30) * 60_000);
    const externalId = outcome.externalId ?? null;
    let attemptOutcome: "succeeded" | "waiting-callback" | "failed" | "retrying" = outcome.status;
    if (outcome.status === "succeeded") {
      await tx.update(rebuildHosts).set({ status: "verifying", providerDoneAt: at, verifyBy, externalId, message, log, nextAttemptAt: null }).where(where);
    } else if (outcome.status === "waiting-callback") {
      await tx.update(rebuildHosts).set({ externalId, message, verifyBy, log, nextAttemptAt: null }).where(where);
    } else if (retry?.retry) {
      attemptOutcome = "retrying";
      const again = `attempt ${r.attempt} of ${r.limit} failed: ${message}; trying again in ${fmtSeconds(retry.waitMs)} (at ${retry.at.toISOString().slice(11, 19)} UTC)`;
      await tx.update(rebuildHosts).set({ message: again, nextAttemptAt: retry.at, log: sql`${rebuildHosts.log} || ${r.log} || ${logLine(at, again)}`, ...(externalId ? { externalId } : {}) }).where(where);
      // A remote job that exists is followed again, never started twice.
      const phase = externalId && r.resumable ? "invoking" : "new";
      await tx.update(jobs).set({ status: "queued", phase, runAfter: retry.at, lockedBy: null, lockedUntil: null }).where(eq(jobs.id, job.id));
    } else {
      const final = r.attempt > 1 && retry && !retry.retry ? `${message} (${retry.why})` : message;
      await tx.update(rebuildHosts).set({ status: "failed", finishedAt: at, message: final, log, nextAttemptAt: null }).where(where);
    }
    if (r.attemptId) {
      await tx
        .update(rebuildAttempts)
        .set({ finishedAt: at, outcome: attemptOutcome, message, externalId, retryAt: retry?.retry ? retry.at : null })
        .where(eq(rebuildAttempts.id, r.attemptId));
    }
    await writeAudit(tx, SYSTEM, attemptOutcome === "retrying" ? "rebuild.provider-retry" : `rebuild.provider-${outcome.status}`, job.requestId, {
      hostId: job.hostId,
      attempt: r.attempt,
      message,
      ...(retry?.retry ? { retryAt: retry.at.toISOString() } : {}),
    });
    if (attemptOutcome === "retrying") return;
    await tx.update(jobs).set({ status: "done", phase: "invoked" }).where(eq(jobs.id, job.id));
    await advanceRollout(tx, job.requestId, at);
  });
  // The host now waits for verification: its next check-in must not be answered from the auth cache.
  if (outcome.status === "succeeded") forgetHostAuth(db);
}

/**
 * The app stops during a call: the job stays begun ("invoking") and runnable, so the next start follows the remote job
 * if one was recorded, and otherwise waits for the host's next report, instead of calling the provider again.
 */
async function leaveForNextStart(db: Db, job: ClaimedJob, r: CallResult) {
  const note = logLine(r.at, "the app stopped during this call; the next start takes it up");
  await db.transaction(async (tx) => {
    await tx
      .update(rebuildHosts)
      .set({ log: sql`${rebuildHosts.log} || ${r.log} || ${note}`, ...(r.outcome.externalId ? { externalId: r.outcome.externalId } : {}) })
      .where(and(eq(rebuildHosts.requestId, job.requestId), eq(rebuildHosts.hostId, job.hostId)));
    if (r.attemptId) await tx.update(rebuildAttempts).set({ finishedAt: r.at, outcome: "interrupted", message: "the app stopped during this call" }).where(eq(rebuildAttempts.id, r.attemptId));
    await tx.update(jobs).set({ status: "queued", phase: "invoking", runAfter: r.at, lockedBy: null, lockedUntil: null }).where(eq(jobs.id, job.id));
  });
}

/**
 * A replacement often reports before the provider returns (Terraform waits for cloud-init, the agent runs at
 * boot). That report arrived while the host was still "running", so check it now instead of waiting for the
 * next periodic one. A report from the old machine just records the remaining drift and keeps waiting.
 */
export async function verifyEarlyReport(db: Db, job: ClaimedJob, at: Date) {
  const [h] = await db
    .select({ fp: hosts.fingerprintHash, lastSeen: hosts.lastSeen, startedAt: rebuildHosts.startedAt })
    .from(hosts)
    .innerJoin(rebuildHosts, and(eq(rebuildHosts.hostId, hosts.id), eq(rebuildHosts.requestId, job.requestId)))
    .where(eq(hosts.id, job.hostId));
  if (h?.fp && h.lastSeen && (!h.startedAt || h.lastSeen >= h.startedAt)) await verifyRebuild(db, job.hostId, h.fp, at);
}

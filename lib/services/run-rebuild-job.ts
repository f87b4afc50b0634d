import "server-only";
import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { fleets, hosts, jobs, rebuildAttempts, rebuildHosts, rebuildRequests, specs } from "@/db/schema";
import type { Db } from "@/db/client";
import { redact, secretValues } from "@/lib/core/child-env";
import { createProvider } from "@/lib/providers";
import type { ProviderContext, ProviderOutcome, RebuildTarget } from "@/lib/providers/types";
import type { ClaimedJob } from "@/lib/jobs/claim-job";
import { IN_PROGRESS_HOST_STATUSES, isDoneHostStatus, isFinalRequestStatus } from "@/model/rebuild-status";
import { SYSTEM } from "./audit";
import { checkAutoRebuild } from "./check-auto-rebuild";
import { providerSecretNames } from "./provider-secrets";
import { logLine, recordProviderOutcome, verifyEarlyReport } from "./record-provider-outcome";

const LOG_CAP = 256 * 1024;

export interface RunOptions {
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
  callbackUrl?: (requestId: string, hostId: number) => string | undefined;
  now?: () => Date;
}

/**
 * Runs one claimed job: a provider call for one host (or, when an earlier call started a remote job, following
 * that job to its end), bracketed by durable markers so a restart never starts a second remote job.
 */
export async function runRebuildJob(db: Db, job: ClaimedJob, opts: RunOptions = {}) {
  const now = opts.now ?? (() => new Date());
  const [ctx] = await db
    .select({ req: rebuildRequests, fleet: fleets, target: rebuildHosts, providerRef: hosts.providerRef, yaml: specs.yaml })
    .from(rebuildRequests)
    .innerJoin(fleets, eq(fleets.id, rebuildRequests.fleetId))
    .innerJoin(rebuildHosts, and(eq(rebuildHosts.requestId, rebuildRequests.id), eq(rebuildHosts.hostId, job.hostId)))
    .innerJoin(hosts, eq(hosts.id, job.hostId))
    .innerJoin(specs, and(eq(specs.fleetId, fleets.id), eq(specs.version, rebuildRequests.specVersion)))
    .where(eq(rebuildRequests.id, job.requestId));
  if (!ctx || isFinalRequestStatus(ctx.req.status) || isDoneHostStatus(ctx.target.status)) {
    await db.update(jobs).set({ status: "done" }).where(eq(jobs.id, job.id));
    // A host waiting for its next attempt when the request ended gets none.
    if (ctx?.target.status === "running" && ctx.target.nextAttemptAt) {
      const note = `request ${ctx.req.status} before attempt ${ctx.target.attempts + 1}; not tried again`;
      await db
        .update(rebuildHosts)
        .set({ status: "skipped", finishedAt: now(), nextAttemptAt: null, message: note })
        .where(and(eq(rebuildHosts.requestId, job.requestId), eq(rebuildHosts.hostId, job.hostId), eq(rebuildHosts.status, "running")));
    }
    return;
  }
  const env = opts.env ?? process.env;
  const providerSecrets = await providerSecretNames(db);
  // Every line a person can read is cleared of the secrets this server holds (a command may print its token).
  const shown = secretValues(env, providerSecrets);
  let log = "";
  const append = (line: string) => {
    if (log.length < LOG_CAP) log += logLine(now(), redact(line, shown));
  };
  const target: RebuildTarget = { hostname: ctx.target.hostname, fleet: ctx.fleet.name, providerRef: ctx.providerRef, specVersion: ctx.req.specVersion, specYaml: ctx.yaml, requestId: job.requestId };
  const provider = ctx.fleet.provider ? createProvider(ctx.fleet.provider) : null;
  const where = and(eq(rebuildHosts.requestId, job.requestId), eq(rebuildHosts.hostId, job.hostId));
  let attemptId = 0;
  const providerCtx: ProviderContext = {
    log: append,
    signal: opts.signal ?? new AbortController().signal,
    env,
    providerSecrets,
    callbackUrl: opts.callbackUrl?.(job.requestId, job.hostId),
    started: async (externalId) => {
      await db.update(rebuildHosts).set({ externalId }).where(where);
      if (attemptId) await db.update(rebuildAttempts).set({ externalId }).where(eq(rebuildAttempts.id, attemptId));
    },
  };
  const opened = (kind: "call" | "resume", attempt: number) =>
    db
      .insert(rebuildAttempts)
      .values({ requestId: job.requestId, hostId: job.hostId, attempt, kind, startedAt: now(), externalId: ctx.target.externalId })
      .returning({ id: rebuildAttempts.id })
      .then(([r]) => r.id);

  if (job.phase !== "new") {
    // An earlier call began: a restart cut it short, or it failed while following a remote job it had started.
    await db
      .update(rebuildAttempts)
      .set({ outcome: "interrupted", finishedAt: now(), message: "cut short: the app stopped during this call" })
      .where(and(eq(rebuildAttempts.requestId, job.requestId), eq(rebuildAttempts.hostId, job.hostId), isNull(rebuildAttempts.finishedAt)));
    const externalId = ctx.target.externalId;
    if (externalId && provider?.resume) {
      const attempt = Math.max(1, ctx.target.attempts);
      attemptId = await opened("resume", attempt);
      append(`${provider.kind}: following ${externalId}, which an earlier call started; not starting another`);
      const outcome = await call(() => provider.resume!(externalId, target, providerCtx));
      append(`${outcome.status}: ${outcome.message}`);
      const interrupted = providerCtx.signal.aborted;
      await recordProviderOutcome(db, job, { outcome: { externalId, ...outcome }, log, at: now(), attempt, attemptId, limit: ctx.fleet.rebuildAttempts, resumable: true, redacted: (t) => redact(t, shown), interrupted, provider: provider?.kind });
      if (outcome.status === "succeeded") await verifyEarlyReport(db, job, now());
      return;
    }
    // Nothing to follow: calling again could replace the host twice; its next fingerprint tells whether it happened.
    const note = "The app restarted during the provider call; not calling it again. Verifying the host's next report.";
    await recordProviderOutcome(db, job, { outcome: { status: "succeeded", message: note }, log: logLine(now(), note), at: now(), attempt: ctx.target.attempts, attemptId: 0, limit: ctx.fleet.rebuildAttempts, resumable: false, redacted: (t) => t, provider: provider?.kind });
    await verifyEarlyReport(db, job, now());
    return;
  }
  const attempt = ctx.target.attempts + 1;
  const start = await startCall(db, job, attempt, now());
  if (start === "taken") return; // someone else is on it
  if (start !== "started") {
    append(`waiting: ${start}`);
    return;
  }
  await db.update(rebuildRequests).set({ status: "running", updatedAt: now() }).where(and(eq(rebuildRequests.id, job.requestId), eq(rebuildRequests.status, "approved")));
  attemptId = await opened("call", attempt);

  let outcome: ProviderOutcome;
  // No person approved an automatic request: the approved policy is the only thing standing in, so check it again now.
  const auto = ctx.req.requestedBy === SYSTEM.name ? await checkAutoRebuild(db, ctx.fleet) : { ok: true as const };
  if (!provider) {
    outcome = { status: "failed", retryable: false, message: `Fleet "${ctx.fleet.name}" has no rebuild provider configured; an admin sets one in the fleet policy.` };
  } else if (!auto.ok) {
    outcome = { status: "failed", retryable: false, message: `Automatic rebuild refused: ${auto.reason}. An admin requests it again in the fleet policy and a second admin approves.` };
  } else {
    const of = ctx.fleet.rebuildAttempts > 1 ? ` (attempt ${attempt} of ${ctx.fleet.rebuildAttempts})` : "";
    append(`${provider.kind}: rebuilding ${target.hostname} from spec v${target.specVersion}${of}`);
    outcome = await call(() => provider.rebuild(target, providerCtx));
  }
  append(`${outcome.status}: ${outcome.message}`);
  const interrupted = providerCtx.signal.aborted;
  await recordProviderOutcome(db, job, { outcome, log, at: now(), attempt, attemptId, limit: ctx.fleet.rebuildAttempts, resumable: Boolean(provider?.resume), redacted: (t) => redact(t, shown), interrupted, provider: provider?.kind });
  if (outcome.status === "succeeded") await verifyEarlyReport(db, job, now());
}

async function call(fn: () => Promise<ProviderOutcome>): Promise<ProviderOutcome> {
  try {
    return await fn();
  } catch (e) {
    return { status: "failed", retryable: false, message: `Provider crashed: ${(e as Error).message}` };
  }
}

/**
 * Marks the call begun, unless another request's rebuild of the same host is running or verifying: then the job
 * waits behind it (one rebuild at a time per host, enforced here, where jobs start, whatever requests were
 * created). The host's row is locked, so two workers starting two requests' jobs for one host go one at a time.
 */
async function startCall(db: Db, job: ClaimedJob, attempt: number, at: Date): Promise<"started" | "taken" | string> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select id from hosts where id = ${job.hostId} for update`);
    const [other] = await tx
      .select({ requestId: rebuildHosts.requestId, status: rebuildHosts.status })
      .from(rebuildHosts)
      .where(and(eq(rebuildHosts.hostId, job.hostId), ne(rebuildHosts.requestId, job.requestId), inArray(rebuildHosts.status, [...IN_PROGRESS_HOST_STATUSES])))
      .limit(1);
    if (other) {
      const note = `request ${other.requestId} is ${other.status === "running" ? "rebuilding" : "verifying"} this host; starting after it`;
      await tx.update(jobs).set({ status: "queued", runAfter: new Date(at.getTime() + 30_000), lockedBy: null, lockedUntil: null }).where(eq(jobs.id, job.id));
      await tx.update(rebuildHosts).set({ message: note }).where(and(eq(rebuildHosts.requestId, job.requestId), eq(rebuildHosts.hostId, job.hostId)));
      return note;
    }
    const [marked] = await tx.update(jobs).set({ phase: "invoking" }).where(and(eq(jobs.id, job.id), eq(jobs.phase, "new"))).returning({ id: jobs.id });
    if (!marked) return "taken";
    await tx
      .update(rebuildHosts)
      .set({ status: "running", startedAt: at, attempts: attempt, nextAttemptAt: null, message: null })
      .where(and(eq(rebuildHosts.requestId, job.requestId), eq(rebuildHosts.hostId, job.hostId)));
    return "started";
  });
}

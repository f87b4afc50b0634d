import { and, eq, sql } from "drizzle-orm";
import { fleets, hosts, jobs, rebuildHosts, rebuildRequests, specs } from "@/db/schema";
import type { Db } from "@/db/client";
import { createProvider } from "@/lib/providers";
import type { ProviderOutcome } from "@/lib/providers/types";
import type { ClaimedJob } from "@/lib/jobs/claim-job";
import { forgetHostAuth } from "./host-auth-cache";
import { writeAudit } from "./audit";
import { advanceRollout } from "./advance-rollout";
import { checkAutoRebuild } from "./check-auto-rebuild";
import { verifyRebuild } from "./verify-rebuild";

const SYSTEM = { name: "system", ip: null };
const LOG_CAP = 256 * 1024;

export interface RunOptions {
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
  callbackUrl?: (requestId: string, hostId: number) => string | undefined;
  now?: () => Date;
}

/** Runs one claimed job: the provider call for one host, bracketed by durable phase markers. */
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
  if (!ctx || ["cancelled", "failed", "rejected", "expired"].includes(ctx.req.status) || ctx.target.status === "skipped") {
    await db.update(jobs).set({ status: "done" }).where(eq(jobs.id, job.id));
    return;
  }
  if (job.phase !== "new") {
    // The previous worker died during or right after the provider call. Calling again could replace the host
    // twice; the host's next fingerprint tells whether the rebuild happened, so verify instead.
    const note = "The app restarted during the provider call; not calling it again. Verifying the host's next report.";
    await finish(db, job, { status: "succeeded", message: note }, `[${now().toISOString().slice(11, 19)}] ${note}\n`, now());
    await verifyEarlyReport(db, job, now());
    return;
  }
  const [marked] = await db.update(jobs).set({ phase: "invoking" }).where(and(eq(jobs.id, job.id), eq(jobs.phase, "new"))).returning({ id: jobs.id });
  if (!marked) return; // someone else is on it
  await db.update(rebuildHosts).set({ status: "running", startedAt: now() }).where(and(eq(rebuildHosts.requestId, job.requestId), eq(rebuildHosts.hostId, job.hostId)));
  await db.update(rebuildRequests).set({ status: "running", updatedAt: now() }).where(and(eq(rebuildRequests.id, job.requestId), eq(rebuildRequests.status, "approved")));

  let log = "";
  const append = (line: string) => {
    if (log.length < LOG_CAP) log += `[${now().toISOString().slice(11, 19)}] ${line}\n`;
  };
  let outcome: ProviderOutcome;
  // No person approved an automatic request: the approved policy is the only thing standing in, so check it again now.
  const auto = ctx.req.requestedBy === "system" ? await checkAutoRebuild(db, ctx.fleet) : { ok: true as const };
  if (!ctx.fleet.provider) {
    outcome = { status: "failed", retryable: false, message: `Fleet "${ctx.fleet.name}" has no rebuild provider configured; an admin sets one in the fleet policy.` };
  } else if (!auto.ok) {
    outcome = { status: "failed", retryable: false, message: `Automatic rebuild refused: ${auto.reason}. An admin requests it again in the fleet policy and a second admin approves.` };
  } else {
    append(`${ctx.fleet.provider.kind}: rebuilding ${ctx.target.hostname} from spec v${ctx.req.specVersion}`);
    try {
      outcome = await createProvider(ctx.fleet.provider).rebuild(
        { hostname: ctx.target.hostname, fleet: ctx.fleet.name, providerRef: ctx.providerRef, specVersion: ctx.req.specVersion, specYaml: ctx.yaml, requestId: job.requestId },
        { log: append, signal: opts.signal ?? new AbortController().signal, env: opts.env ?? process.env, callbackUrl: opts.callbackUrl?.(job.requestId, job.hostId) },
      );
    } catch (e) {
      outcome = { status: "failed", retryable: false, message: `Provider crashed: ${(e as Error).message}` };
    }
  }
  append(`${outcome.status}: ${outcome.message}`);
  await finish(db, job, outcome, log, now());
  if (outcome.status === "succeeded") await verifyEarlyReport(db, job, now());
}

/**
 * A replacement often reports before the provider returns (Terraform waits for cloud-init, the agent runs at
 * boot). That report arrived while the host was still "running", so check it now instead of waiting for the
 * next periodic one. A report from the old machine just records the remaining drift and keeps waiting.
 */
async function verifyEarlyReport(db: Db, job: ClaimedJob, at: Date) {
  const [h] = await db
    .select({ fp: hosts.fingerprintHash, lastSeen: hosts.lastSeen, startedAt: rebuildHosts.startedAt })
    .from(hosts)
    .innerJoin(rebuildHosts, and(eq(rebuildHosts.hostId, hosts.id), eq(rebuildHosts.requestId, job.requestId)))
    .where(eq(hosts.id, job.hostId));
  if (h?.fp && h.lastSeen && (!h.startedAt || h.lastSeen >= h.startedAt)) await verifyRebuild(db, job.hostId, h.fp, at);
}

async function finish(db: Db, job: ClaimedJob, outcome: ProviderOutcome, log: string, at: Date) {
  await db.transaction(async (tx) => {
    const [fleet] = await tx.select({ verifyMinutes: fleets.verifyMinutes }).from(fleets).innerJoin(rebuildRequests, eq(rebuildRequests.fleetId, fleets.id)).where(eq(rebuildRequests.id, job.requestId));
    const where = and(eq(rebuildHosts.requestId, job.requestId), eq(rebuildHosts.hostId, job.hostId));
    const logSql = sql`${rebuildHosts.log} || ${log}`;
    if (outcome.status === "succeeded") {
      await tx.update(rebuildHosts).set({ status: "verifying", providerDoneAt: at, verifyBy: new Date(at.getTime() + (fleet?.verifyMinutes ?? 30) * 60_000), externalId: outcome.externalId ?? null, message: outcome.message, log: logSql }).where(where);
    } else if (outcome.status === "waiting-callback") {
      await tx.update(rebuildHosts).set({ externalId: outcome.externalId ?? null, message: outcome.message, verifyBy: new Date(at.getTime() + (fleet?.verifyMinutes ?? 30) * 60_000), log: logSql }).where(where);
    } else {
      await tx.update(rebuildHosts).set({ status: "failed", finishedAt: at, message: outcome.message, log: logSql }).where(where);
    }
    await tx.update(jobs).set({ status: "done", phase: "invoked" }).where(eq(jobs.id, job.id));
    await writeAudit(tx, SYSTEM, `rebuild.provider-${outcome.status}`, job.requestId, { hostId: job.hostId, message: outcome.message });
    await advanceRollout(tx, job.requestId, at);
  });
  // The host now waits for verification: its next check-in must not be answered from the auth cache.
  if (outcome.status === "succeeded") forgetHostAuth(db);
}

import "server-only";
import { and, asc, desc, eq, inArray, type SQL } from "drizzle-orm";
import { fleets, rebuildApprovals, rebuildAttempts, rebuildHosts, rebuildRequests } from "@/db/schema";
import type { Db } from "@/db/client";
import { hideReceiverText } from "@/lib/core/receiver-text";
import { notFound } from "@/lib/server/errors";
import type { RequestStatus } from "@/model/rebuild-status";

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** `answers`: show what remote receivers answered (admins); everyone else sees our own words and the statuses. */
export interface RebuildViewOptions {
  answers?: boolean;
}

/** A request with its approvals and per-host progress and provider log. */
export async function getRebuild(db: Db, id: string, opts: RebuildViewOptions = {}) {
  const shown = opts.answers ? <T extends string | null>(s: T) => s : hideReceiverText;
  if (!/^[0-9a-f-]{36}$/.test(id)) throw notFound(`No rebuild request ${id}.`);
  const [row] = await db.select({ r: rebuildRequests, fleet: fleets.name }).from(rebuildRequests).innerJoin(fleets, eq(fleets.id, rebuildRequests.fleetId)).where(eq(rebuildRequests.id, id));
  if (!row) throw notFound(`No rebuild request ${id}.`);
  const approvals = await db.select().from(rebuildApprovals).where(eq(rebuildApprovals.requestId, id)).orderBy(asc(rebuildApprovals.at));
  const hostRows = await db.select().from(rebuildHosts).where(eq(rebuildHosts.requestId, id)).orderBy(asc(rebuildHosts.batch), asc(rebuildHosts.hostname));
  const attemptRows = await db.select().from(rebuildAttempts).where(eq(rebuildAttempts.requestId, id)).orderBy(asc(rebuildAttempts.id));
  // Grouped once: a request of many hosts would otherwise scan every attempt per host.
  const byHost = new Map<number, typeof attemptRows>();
  for (const a of attemptRows) byHost.set(a.hostId, [...(byHost.get(a.hostId) ?? []), a]);
  const attemptsOf = (hostId: number) =>
    (byHost.get(hostId) ?? []).map((a) => ({ attempt: a.attempt, kind: a.kind, startedAt: a.startedAt.toISOString(), finishedAt: iso(a.finishedAt), outcome: a.outcome, message: shown(a.message), externalId: a.externalId, retryAt: iso(a.retryAt) }));
  return {
    ...summary(row.r, row.fleet, opts),
    approvals: approvals.map((a) => ({ user: a.userName, userId: a.userId, decision: a.decision, comment: a.comment, at: a.at.toISOString() })),
    hosts: hostRows.map((h) => ({
      hostname: h.hostname,
      batch: h.batch,
      status: h.status,
      fingerprintAtRequest: h.fingerprintAtRequest,
      startedAt: iso(h.startedAt),
      providerDoneAt: iso(h.providerDoneAt),
      verifyBy: iso(h.verifyBy),
      finishedAt: iso(h.finishedAt),
      externalId: h.externalId,
      message: shown(h.message),
      remainingDrift: h.remainingDrift,
      log: shown(h.log),
      /** Provider calls made (the fleet allows rebuildAttempts), when the next one runs, and each one's outcome. */
      attemptCount: h.attempts,
      nextAttemptAt: iso(h.nextAttemptAt),
      attempts: attemptsOf(h.hostId),
    })),
  };
}

export function summary(r: typeof rebuildRequests.$inferSelect, fleet: string, opts: RebuildViewOptions = {}) {
  return {
    id: r.id,
    fleet,
    specVersion: r.specVersion,
    reason: r.reason,
    requestedBy: r.requestedByName,
    requestedById: r.requestedBy,
    status: r.status,
    approvalsRequired: r.approvalsRequired,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    finishedAt: iso(r.finishedAt),
    message: opts.answers ? r.message : hideReceiverText(r.message),
    /** Packages this rebuild moves backwards (hosts ahead of the spec): confirmed by the requester, to be by approvers. */
    downgrades: r.downgrades,
  };
}

export async function listRebuilds(db: Db, filter: { status?: readonly RequestStatus[]; fleet?: string; limit?: number }, opts: RebuildViewOptions = {}) {
  const where: SQL[] = [];
  if (filter.status?.length) where.push(inArray(rebuildRequests.status, [...filter.status]));
  if (filter.fleet) where.push(eq(fleets.name, filter.fleet));
  const rows = await db
    .select({ r: rebuildRequests, fleet: fleets.name })
    .from(rebuildRequests)
    .innerJoin(fleets, eq(fleets.id, rebuildRequests.fleetId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(rebuildRequests.createdAt))
    .limit(filter.limit ?? 200);
  const ids = rows.map((r) => r.r.id);
  const hostRows = ids.length ? await db.select({ requestId: rebuildHosts.requestId, hostname: rebuildHosts.hostname, status: rebuildHosts.status }).from(rebuildHosts).where(inArray(rebuildHosts.requestId, ids)) : [];
  const approvals = ids.length ? await db.select({ requestId: rebuildApprovals.requestId, decision: rebuildApprovals.decision, user: rebuildApprovals.userName }).from(rebuildApprovals).where(inArray(rebuildApprovals.requestId, ids)) : [];
  return rows.map(({ r, fleet }) => ({
    ...summary(r, fleet, opts),
    hosts: hostRows.filter((h) => h.requestId === r.id).map((h) => ({ hostname: h.hostname, status: h.status })),
    approvals: approvals.filter((a) => a.requestId === r.id).map((a) => ({ user: a.user, decision: a.decision })),
  }));
}

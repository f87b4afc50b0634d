import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { fleets, hosts, rebuildHosts, rebuildRequests } from "@/db/schema";
import { pgArray } from "@/db/sql-array";
import type { Db, Tx } from "@/db/client";
import { planBatches } from "@/lib/core/rebuild-plan";
import { OPEN_HOST_STATUSES, OPEN_REQUEST_STATUSES } from "@/model/rebuild-status";
import { badRequest, conflict, notFound } from "@/lib/server/errors";
import type { Principal } from "@/lib/server/principal";
import { writeAudit, type Actor } from "./audit";
import { describeDowngrades, type Downgrade } from "@/lib/core/downgrades";
import { enqueueBatch } from "./advance-rollout";
import { findDowngrades } from "./find-downgrades";
import { lockRequest, staleReasonsOf } from "./lock-request";
import { emitAlert } from "./emit-alert";

export interface RebuildInput {
  hosts: string[];
  reason: string;
  fleet?: string;
  /** The requester saw that this rebuild moves packages backwards and wants it anyway. */
  confirmDowngrades?: boolean;
  /** A stale pending request this one replaces (it holds the same hosts): it ends with this one's creation. */
  replaces?: string;
}

const hostsWhere = (input: RebuildInput) =>
  input.fleet ? and(inArray(hosts.hostname, input.hosts), eq(fleets.name, input.fleet)) : inArray(hosts.hostname, input.hosts);

/**
 * A request is bound to the fleet's current spec version and to each host's current fingerprint, so an
 * approval given later can tell whether it still approves what the requester saw.
 */
export async function requestRebuild(db: Db, who: Principal, actor: Actor, input: RebuildInput, now = new Date()) {
  // Judged before the transaction (the fleet's analysis reads on its own); the request binds each host's
  // fingerprint, so an approval of a host that changed since is refused as stale anyway.
  const seen = await db.select({ hostname: hosts.hostname, fingerprint: hosts.fingerprintHash, fleetId: hosts.fleetId }).from(hosts).innerJoin(fleets, eq(fleets.id, hosts.fleetId)).where(hostsWhere(input));
  const downgrades = new Set(seen.map((h) => h.fleetId)).size === 1 ? await findDowngrades(db, seen[0].fleetId, seen) : [];
  if (downgrades.length && !input.confirmDowngrades) {
    throw conflict(`This rebuild ${describeDowngrades(downgrades)}: those hosts are ahead of the spec. Confirm the downgrade (confirmDowngrades: true, or tick it in the form), or update the spec first.`);
  }
  return db.transaction(async (tx) => {
    if (input.replaces) await retireStale(tx, actor, input.replaces, now);
    const rows = await tx
      .select({ id: hosts.id, hostname: hosts.hostname, fingerprint: hosts.fingerprintHash, fleet: fleets })
      .from(hosts)
      .innerJoin(fleets, eq(fleets.id, hosts.fleetId))
      .where(hostsWhere(input));
    const found = new Set(rows.map((r) => r.hostname));
    const missing = input.hosts.filter((h) => !found.has(h));
    if (missing.length) throw notFound(`Unknown host(s): ${missing.join(", ")}.`);
    const fleetIds = new Set(rows.map((r) => r.fleet.id));
    if (fleetIds.size > 1 || rows.length > input.hosts.length) {
      throw badRequest("A rebuild request covers hosts of one fleet; add \"fleet\" or split the request.");
    }
    const fleet = rows[0].fleet;
    if (fleet.specVersion === null) throw conflict(`Fleet "${fleet.name}" has no spec to rebuild from; save or capture one first.`);
    const ordered = input.hosts.map((h) => rows.find((r) => r.hostname === h)!);
    return createRequest(tx, actor, {
      fleet,
      hosts: ordered,
      reason: input.reason,
      requestedBy: who.userId,
      requestedByName: who.name || who.email,
      now,
      downgrades,
    });
  });
}

/**
 * A stale request can never be approved, yet it holds its hosts (one rebuild at a time per host); the fresh request
 * that replaces it ends it. Only a pending request that is stale right now may be replaced this way.
 */
async function retireStale(tx: Tx, actor: Actor, id: string, now: Date) {
  const req = await lockRequest(tx, id);
  const stale = await staleReasonsOf(tx, req);
  if (req.status !== "pending" || stale.length === 0) throw conflict(`Request ${id} is ${req.status === "pending" ? "not stale" : req.status}: only a stale pending request is replaced by a fresh one.`);
  await tx.update(rebuildRequests).set({ status: "cancelled", updatedAt: now, finishedAt: now, message: "Stale; replaced by a fresh request" }).where(eq(rebuildRequests.id, id));
  await tx.update(rebuildHosts).set({ status: "skipped", finishedAt: now }).where(eq(rebuildHosts.requestId, id));
  await writeAudit(tx, actor, "rebuild.replaced", id, { reasons: stale });
}

/**
 * One rebuild at a time per host: the hosts of `hostIds` that an open request already holds. Their rows are
 * locked first, so two requests racing for one host are decided one after the other (the second sees the first).
 */
export async function busyHosts(tx: Tx, hostIds: readonly number[]): Promise<Map<number, { requestId: string; status: string }>> {
  if (hostIds.length === 0) return new Map();
  await tx.execute(sql`select id from hosts where id = any(${pgArray([...hostIds], "int")}) order by id for update`);
  const rows = await tx
    .select({ hostId: rebuildHosts.hostId, requestId: rebuildHosts.requestId, status: rebuildRequests.status })
    .from(rebuildHosts)
    .innerJoin(rebuildRequests, eq(rebuildRequests.id, rebuildHosts.requestId))
    .where(and(inArray(rebuildHosts.hostId, [...hostIds]), inArray(rebuildHosts.status, [...OPEN_HOST_STATUSES]), inArray(rebuildRequests.status, [...OPEN_REQUEST_STATUSES])));
  return new Map(rows.map((r) => [r.hostId, { requestId: r.requestId, status: r.status }]));
}

export async function createRequest(
  tx: Tx,
  actor: Actor,
  r: {
    fleet: typeof fleets.$inferSelect;
    hosts: { id: number; hostname: string; fingerprint: string | null }[];
    reason: string;
    requestedBy: string;
    requestedByName: string;
    now: Date;
    autoApprove?: boolean;
    /** Confirmed by the requester; shown to approvers, who confirm too. */
    downgrades?: Downgrade[];
  },
) {
  const busy = await busyHosts(tx, r.hosts.map((h) => h.id));
  if (busy.size) {
    const held = r.hosts.filter((h) => busy.has(h.id)).map((h) => `${h.hostname} (request ${busy.get(h.id)!.requestId}, ${busy.get(h.id)!.status})`);
    throw conflict(
      `One rebuild at a time per host: ${held.slice(0, 5).join(", ")}${held.length > 5 ? ` and ${held.length - 5} more` : ""} ${held.length === 1 ? "is" : "are"} already in an open rebuild request. Wait for it to finish, or cancel it, then request again.`,
    );
  }
  const id = randomUUID();
  const batches = planBatches(r.hosts.map((h) => h.hostname), { batchSize: r.fleet.batchSize, canary: r.fleet.canary });
  const batchOf = new Map(batches.flatMap((b, i) => b.map((h) => [h, i] as const)));
  await tx.insert(rebuildRequests).values({
    id,
    fleetId: r.fleet.id,
    specVersion: r.fleet.specVersion!,
    reason: r.reason,
    requestedBy: r.requestedBy,
    requestedByName: r.requestedByName,
    status: r.autoApprove ? "approved" : "pending",
    approvalsRequired: r.autoApprove ? 0 : Math.max(1, r.fleet.approvalsRequired),
    createdAt: r.now,
    updatedAt: r.now,
    expiresAt: new Date(r.now.getTime() + r.fleet.requestTtlHours * 3_600_000),
    downgrades: r.downgrades ?? [],
  });
  await tx.insert(rebuildHosts).values(
    r.hosts.map((h) => ({ requestId: id, hostId: h.id, hostname: h.hostname, fingerprintAtRequest: h.fingerprint, batch: batchOf.get(h.hostname)! })),
  );
  await writeAudit(tx, actor, r.autoApprove ? "rebuild.auto-request" : "rebuild.request", id, {
    fleet: r.fleet.name,
    specVersion: r.fleet.specVersion,
    hosts: r.hosts.map((h) => h.hostname),
    reason: r.reason,
    ...(r.downgrades?.length ? { downgrades: r.downgrades } : {}),
  });
  if (r.autoApprove) await enqueueBatch(tx, id, 0, r.now);
  else {
    const detail = { requestId: id, hosts: r.hosts.slice(0, 50).map((h) => h.hostname), hostCount: r.hosts.length, reason: r.reason, requestedBy: r.requestedByName, approvalsRequired: Math.max(1, r.fleet.approvalsRequired), specVersion: r.fleet.specVersion };
    await emitAlert(tx, { fleetId: r.fleet.id, kind: "rebuild-approval-needed", subject: id, detail, at: r.now });
  }
  return { id, status: r.autoApprove ? ("approved" as const) : ("pending" as const) };
}

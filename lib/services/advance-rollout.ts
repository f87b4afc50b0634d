import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import { jobs, rebuildHosts, rebuildRequests } from "@/db/schema";
import type { Tx } from "@/db/client";
import { rollupStatus } from "@/lib/core/rebuild-plan";
import { NOT_STARTED_HOST_STATUSES, isFinalRequestStatus } from "@/model/rebuild-status";
import { SYSTEM, writeAudit } from "./audit";
import { emitAlert } from "./emit-alert";

/** Queues one batch of a request: its hosts become "queued" and get one job each (unique per host). */
export async function enqueueBatch(tx: Tx, requestId: string, batch: number, now: Date) {
  const queued = await tx
    .update(rebuildHosts)
    .set({ status: "queued" })
    .where(and(eq(rebuildHosts.requestId, requestId), eq(rebuildHosts.batch, batch), eq(rebuildHosts.status, "waiting")))
    .returning({ hostId: rebuildHosts.hostId });
  if (queued.length) {
    await tx
      .insert(jobs)
      .values(queued.map((h) => ({ kind: "rebuild-host" as const, requestId, hostId: h.hostId, runAfter: now })))
      .onConflictDoNothing();
  }
  return queued.length;
}

/**
 * Moves a request on after one of its hosts changed state: a failure stops the rollout (remaining hosts are
 * skipped), a finished batch releases the next one, and the request's status follows its hosts.
 */
export async function advanceRollout(tx: Tx, requestId: string, now: Date) {
  const [req] = await tx.select().from(rebuildRequests).where(eq(rebuildRequests.id, requestId)).for("update");
  if (!req || isFinalRequestStatus(req.status)) return;
  let rows = await tx.select().from(rebuildHosts).where(eq(rebuildHosts.requestId, requestId)).orderBy(asc(rebuildHosts.batch));
  const failed = rows.find((r) => r.status === "failed");
  if (failed) {
    await tx.delete(jobs).where(and(eq(jobs.requestId, requestId), eq(jobs.status, "queued")));
    await tx
      .update(rebuildHosts)
      .set({ status: "skipped", finishedAt: now, message: `Rollout stopped: ${failed.hostname} failed` })
      .where(and(eq(rebuildHosts.requestId, requestId), inArray(rebuildHosts.status, [...NOT_STARTED_HOST_STATUSES])));
    rows = await tx.select().from(rebuildHosts).where(eq(rebuildHosts.requestId, requestId));
  } else {
    const open = rows.filter((r) => !["succeeded", "skipped"].includes(r.status));
    const current = open.length ? Math.min(...open.map((r) => r.batch)) : null;
    if (current !== null && open.filter((r) => r.batch === current).every((r) => r.status === "waiting")) {
      await enqueueBatch(tx, requestId, current, now);
      rows = await tx.select().from(rebuildHosts).where(eq(rebuildHosts.requestId, requestId));
    }
  }
  const status = rollupStatus(rows.map((r) => r.status));
  const final = status === "succeeded" || status === "failed";
  if (status !== req.status) {
    const message = failed ? `${failed.hostname}: ${failed.message ?? "failed"}` : req.message;
    await tx.update(rebuildRequests).set({ status, updatedAt: now, finishedAt: final ? now : null, message }).where(eq(rebuildRequests.id, requestId));
    if (final) await writeAudit(tx, SYSTEM, `rebuild.${status}`, requestId, failed ? { host: failed.hostname, message: failed.message } : undefined);
    if (status === "failed") {
      const detail = { requestId, host: failed?.hostname ?? null, message, hosts: rows.length, specVersion: req.specVersion };
      await emitAlert(tx, { fleetId: req.fleetId, kind: "rebuild-failed", subject: requestId, detail, at: now });
    }
  }
}

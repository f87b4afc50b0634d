import "server-only";
import { and, eq, inArray, lte } from "drizzle-orm";
import { rebuildHosts, rebuildRequests } from "@/db/schema";
import type { Db } from "@/db/client";
import { IN_PROGRESS_HOST_STATUSES } from "@/model/rebuild-status";
import { SYSTEM, writeAudit } from "./audit";
import { advanceRollout } from "./advance-rollout";

/**
 * Time-driven transitions, run periodically by every worker (conditional updates make concurrent sweeps
 * harmless): pending requests past their expiry, and hosts whose verification or callback deadline passed.
 */
export async function sweepRebuilds(db: Db, now = new Date()) {
  const expired = await db
    .update(rebuildRequests)
    .set({ status: "expired", updatedAt: now, finishedAt: now, message: "Expired before enough approvals; request a fresh rebuild." })
    .where(and(eq(rebuildRequests.status, "pending"), lte(rebuildRequests.expiresAt, now)))
    .returning({ id: rebuildRequests.id });
  for (const r of expired) {
    await db.transaction(async (tx) => {
      await tx.update(rebuildHosts).set({ status: "skipped", finishedAt: now }).where(eq(rebuildHosts.requestId, r.id));
      await writeAudit(tx, SYSTEM, "rebuild.expired", r.id);
    });
  }
  const late = await db
    .select({ requestId: rebuildHosts.requestId, hostId: rebuildHosts.hostId, status: rebuildHosts.status, remaining: rebuildHosts.remainingDrift, hostname: rebuildHosts.hostname })
    .from(rebuildHosts)
    .where(and(inArray(rebuildHosts.status, [...IN_PROGRESS_HOST_STATUSES]), lte(rebuildHosts.verifyBy, now)));
  for (const h of late) {
    await db.transaction(async (tx) => {
      const message =
        h.status === "running"
          ? "No completion callback from the CI pipeline before the deadline."
          : h.remaining
            ? `Verification failed: the host still reports ${h.remaining} drift item(s) against the spec.`
            : "Verification failed: the host did not report a fingerprint before the deadline.";
      const [failed] = await tx
        .update(rebuildHosts)
        .set({ status: "failed", finishedAt: now, message })
        .where(and(eq(rebuildHosts.requestId, h.requestId), eq(rebuildHosts.hostId, h.hostId), eq(rebuildHosts.status, h.status)))
        .returning({ hostId: rebuildHosts.hostId });
      if (!failed) return;
      await writeAudit(tx, SYSTEM, "rebuild.verify-failed", h.requestId, { host: h.hostname, message });
      await advanceRollout(tx, h.requestId, now);
    });
  }
  return { expired: expired.length, failed: late.length };
}

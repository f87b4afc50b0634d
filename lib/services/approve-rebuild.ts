import "server-only";
import { eq } from "drizzle-orm";
import { rebuildApprovals, rebuildRequests } from "@/db/schema";
import type { Db } from "@/db/client";
import { tallyApprovals } from "@/lib/core/rebuild-plan";
import { AppError, conflict } from "@/lib/server/errors";
import type { Principal } from "@/lib/server/principal";
import { describeDowngrades } from "@/lib/core/downgrades";
import { SYSTEM, writeAudit, type Actor } from "./audit";
import { enqueueBatch } from "./advance-rollout";
import { lockRequest, recordDecision, staleReasonsOf } from "./lock-request";

/**
 * Four eyes: the requester can never approve; an approval is void when the spec or a host changed since the
 * request; N distinct approvers are needed. The request row is locked, so concurrent approvals produce exactly
 * one transition to "approved" and one set of jobs.
 */
export async function approveRebuild(db: Db, who: Principal, actor: Actor, id: string, comment: string | null, now = new Date(), opts: { confirmDowngrades?: boolean } = {}) {
  return db.transaction(async (tx) => {
    const req = await lockRequest(tx, id);
    if (req.requestedBy === who.userId) throw new AppError("forbidden", "You requested this rebuild; a second person must approve it.");
    await refuseUnlessPending(tx, req, now);
    const stale = await staleReasonsOf(tx, req);
    if (stale.length) {
      const message = `Stale: ${stale.join("; ")}. Approving it would act on what is no longer there; request a fresh rebuild.`;
      await tx.update(rebuildRequests).set({ message, updatedAt: now }).where(eq(rebuildRequests.id, id));
      await writeAudit(tx, actor, "rebuild.approve-refused-stale", id, { reasons: stale });
      return { status: "stale" as const, message };
    }
    if (req.downgrades.length && !opts.confirmDowngrades) {
      throw conflict(`This rebuild ${describeDowngrades(req.downgrades)}. Approve with confirmDowngrades: true (tick it in the form) if that is what you want.`);
    }
    await recordDecision(tx, who, id, "approve", comment, now);
    await writeAudit(tx, actor, "rebuild.approve", id, { comment, ...(req.downgrades.length ? { confirmedDowngrades: req.downgrades.length } : {}) });
    const decisions = await tx.select({ userId: rebuildApprovals.userId, decision: rebuildApprovals.decision }).from(rebuildApprovals).where(eq(rebuildApprovals.requestId, id));
    const tally = tallyApprovals(decisions, req.requestedBy, req.approvalsRequired);
    if (!tally.approved) return { status: "pending" as const, approvals: tally.approvals, needed: tally.needed };
    await tx.update(rebuildRequests).set({ status: "approved", updatedAt: now, message: null }).where(eq(rebuildRequests.id, id));
    await enqueueBatch(tx, id, 0, now);
    await writeAudit(tx, SYSTEM, "rebuild.approved", id, { approvals: tally.approvals });
    return { status: "approved" as const, approvals: tally.approvals, needed: tally.needed };
  });
}

/** Rejections, cancellations and expiry are final; an expired request is marked so on first touch. */
export async function refuseUnlessPending(tx: Parameters<typeof writeAudit>[0], req: typeof rebuildRequests.$inferSelect, now: Date) {
  if (req.status === "pending" && req.expiresAt <= now) {
    await tx.update(rebuildRequests).set({ status: "expired", updatedAt: now, finishedAt: now }).where(eq(rebuildRequests.id, req.id));
    await writeAudit(tx, SYSTEM, "rebuild.expired", req.id);
    throw conflict("This request expired; request a fresh rebuild.");
  }
  if (req.status !== "pending") throw conflict(`This request is ${req.status}; only pending requests can be decided.`);
}

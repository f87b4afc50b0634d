import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { jobs, rebuildHosts, rebuildRequests } from "@/db/schema";
import type { Db } from "@/db/client";
import { AppError, conflict } from "@/lib/server/errors";
import { roleAtLeast, type Principal } from "@/lib/server/principal";
import { NOT_STARTED_HOST_STATUSES, isFinalRequestStatus } from "@/model/rebuild-status";
import { writeAudit, type Actor } from "./audit";
import { lockRequest } from "./lock-request";

/**
 * The requester (or an admin) can cancel until the request is finished. Hosts already being rebuilt finish
 * their provider call (stopping a half-done replacement is worse); nothing new starts.
 */
export async function cancelRebuild(db: Db, who: Principal, actor: Actor, id: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const req = await lockRequest(tx, id);
    if (req.requestedBy !== who.userId && !roleAtLeast(who.role, "admin")) throw new AppError("forbidden", "Only the requester or an admin can cancel a rebuild.");
    if (isFinalRequestStatus(req.status)) throw conflict(`This request is ${req.status}; there is nothing to cancel.`);
    await tx.update(rebuildRequests).set({ status: "cancelled", updatedAt: now, finishedAt: now, message: `Cancelled by ${who.name || who.email}` }).where(eq(rebuildRequests.id, id));
    await tx.delete(jobs).where(and(eq(jobs.requestId, id), eq(jobs.status, "queued")));
    await tx.update(rebuildHosts).set({ status: "skipped", finishedAt: now }).where(and(eq(rebuildHosts.requestId, id), inArray(rebuildHosts.status, [...NOT_STARTED_HOST_STATUSES])));
    await writeAudit(tx, actor, "rebuild.cancel", id);
    return { status: "cancelled" as const };
  });
}

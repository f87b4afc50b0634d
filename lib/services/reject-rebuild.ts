import "server-only";
import { eq } from "drizzle-orm";
import { rebuildHosts, rebuildRequests } from "@/db/schema";
import type { Db } from "@/db/client";
import type { Principal } from "@/lib/server/principal";
import { writeAudit, type Actor } from "./audit";
import { refuseUnlessPending } from "./approve-rebuild";
import { lockRequest, recordDecision } from "./lock-request";

/** A rejection is final: the request ends and its hosts are skipped. */
export async function rejectRebuild(db: Db, who: Principal, actor: Actor, id: string, comment: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const req = await lockRequest(tx, id);
    await refuseUnlessPending(tx, req, now);
    await recordDecision(tx, who, id, "reject", comment, now);
    await tx.update(rebuildRequests).set({ status: "rejected", updatedAt: now, finishedAt: now, message: `Rejected by ${who.name || who.email}: ${comment}` }).where(eq(rebuildRequests.id, id));
    await tx.update(rebuildHosts).set({ status: "skipped", finishedAt: now }).where(eq(rebuildHosts.requestId, id));
    await writeAudit(tx, actor, "rebuild.reject", id, { comment });
    return { status: "rejected" as const };
  });
}

import { and, eq } from "drizzle-orm";
import { policyChanges } from "@/db/schema";
import type { Db } from "@/db/client";
import { conflict, forbidden } from "@/lib/server/errors";
import type { Principal } from "@/lib/server/principal";
import { writeAudit, type Actor } from "./audit";
import { findPolicyChange } from "./find-policy-change";
import { lockFleet } from "./lock-fleet";
import { namesOf, policyChangeView } from "./list-policy-changes";

/** Any admin turns a pending policy change down, the requester too (withdrawing it); nothing is applied. */
export async function rejectPolicyChange(db: Db, who: Principal, actor: Actor, fleetName: string, id: number, comment: string | null, now = new Date()) {
  if (who.role !== "admin") throw forbidden(`Only admins decide on policy changes; you are ${who.role}.`);
  return db.transaction(async (tx) => {
    const fleet = await lockFleet(tx, fleetName);
    await findPolicyChange(tx, fleet, id);
    const [row] = await tx
      .update(policyChanges)
      .set({ status: "rejected", decidedBy: who.userId, decidedAt: now })
      .where(and(eq(policyChanges.id, id), eq(policyChanges.status, "pending")))
      .returning();
    if (!row) throw conflict("Someone decided on this policy change a moment ago; reload to see what happened.");
    await writeAudit(tx, actor, "policy.reject", fleet.name, { changeId: id, comment, withdrawn: row.requestedBy === who.userId });
    return { change: policyChangeView(row, fleet.name, await namesOf(tx, [row])) };
  });
}

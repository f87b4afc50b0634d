import "server-only";
import type { Db } from "@/db/client";
import { forbidden } from "@/lib/server/errors";
import type { Principal } from "@/lib/server/principal";
import { writeAudit, type Actor } from "./audit";
import { findPolicyChange } from "./find-policy-change";
import { settlePolicyChange } from "./settle-policy-change";
import { lockFleet } from "./lock-fleet";
import { namesOf, policyChangeView } from "./list-policy-changes";

/** Any admin turns a pending policy change down, the requester too (withdrawing it); nothing is applied. */
export async function rejectPolicyChange(db: Db, who: Principal, actor: Actor, fleetName: string, id: number, comment: string | null, now = new Date()) {
  if (who.role !== "admin") throw forbidden(`Only admins decide on policy changes; you are ${who.role}.`);
  return db.transaction(async (tx) => {
    const fleet = await lockFleet(tx, fleetName);
    await findPolicyChange(tx, fleet, id);
    const row = await settlePolicyChange(tx, id, "rejected", who.userId, now);
    await writeAudit(tx, actor, "policy.reject", fleet.name, { changeId: id, comment, withdrawn: row.requestedBy === who.userId });
    return { change: policyChangeView(row, fleet.name, await namesOf(tx, [row])) };
  });
}

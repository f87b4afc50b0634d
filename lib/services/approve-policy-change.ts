import "server-only";
import { eq } from "drizzle-orm";
import { fleets } from "@/db/schema";
import type { Db } from "@/db/client";
import { forbidden } from "@/lib/server/errors";
import type { Principal } from "@/lib/server/principal";
import { writeAudit, type Actor } from "./audit";
import { countActiveAdmins, loneAdminNote } from "./count-admins";
import { findPolicyChange } from "./find-policy-change";
import { settlePolicyChange } from "./settle-policy-change";
import { lockFleet } from "./lock-fleet";
import { namesOf, policyChangeView } from "./list-policy-changes";
import { auditable, policyOf, policySchema } from "./set-fleet-policy";

/**
 * A second admin applies a pending policy change, under the fleet's lock (settlePolicyChange makes exactly one
 * decision land when several admins decide at once).
 */
export async function approvePolicyChange(db: Db, who: Principal, actor: Actor, fleetName: string, id: number, now = new Date()) {
  if (who.role !== "admin") throw forbidden(`Only admins decide on policy changes; you are ${who.role}.`);
  return db.transaction(async (tx) => {
    const fleet = await lockFleet(tx, fleetName);
    const pending = await findPolicyChange(tx, fleet, id);
    if (pending.requestedBy === who.userId) {
      throw forbidden(`You requested this policy change; a different admin must approve it (you may reject it).${loneAdminNote(await countActiveAdmins(tx))}`);
    }
    const row = await settlePolicyChange(tx, id, "applied", who.userId, now);
    // Validated when requested; parsed again so only policy fields ever reach the fleet row.
    const change = policySchema.parse(row.change);
    const [updated] = await tx.update(fleets).set(change).where(eq(fleets.id, fleet.id)).returning();
    await writeAudit(tx, actor, "policy.approve", fleet.name, { changeId: id, change: auditable(change), requestedBy: row.requestedBy });
    return { change: policyChangeView(row, fleet.name, await namesOf(tx, [row])), policy: policyOf(updated) };
  });
}

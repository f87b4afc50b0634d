import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { policyChanges, type fleets } from "@/db/schema";
import type { DbOrTx } from "@/db/client";
import { autoRebuildApproval, type PolicyFields } from "@/lib/core/policy-change";

/**
 * Asked whenever the server is about to rebuild without a person (a new spec version on an automatic fleet):
 * was what is in effect approved by a second admin? By construction it was once applied through
 * approvePolicyChange; this catches a fleet configured before four eyes existed, or behind the app's back.
 */
export async function checkAutoRebuild(db: DbOrTx, fleet: typeof fleets.$inferSelect) {
  const history = await db
    .select({ change: policyChanges.change, requestedBy: policyChanges.requestedBy, decidedBy: policyChanges.decidedBy })
    .from(policyChanges)
    .where(and(eq(policyChanges.fleetId, fleet.id), eq(policyChanges.status, "applied")))
    .orderBy(desc(policyChanges.id));
  return autoRebuildApproval(fleet, history.map((h) => ({ ...h, change: h.change as PolicyFields })));
}

import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { fleets, policyChanges } from "@/db/schema";
import type { Db, Tx } from "@/db/client";
import { splitPolicyChange } from "@/lib/core/policy-change";
import { REPORTING_INTERVAL_MAX, REPORTING_INTERVAL_MIN } from "@/lib/core/reporting";
import { SNOWFLAKE_THRESHOLD_MAX, SNOWFLAKE_THRESHOLD_MIN } from "@/lib/core/snowflake";
import { providerConfigSchema } from "@/lib/providers/config";
import type { Principal } from "@/lib/server/principal";
import { writeAudit, type Actor } from "./audit";
import { countActiveAdmins, loneAdminNote } from "./count-admins";
import { forgetHostAuth } from "./host-auth-cache";
import { lockFleet } from "./lock-fleet";
import { namesOf, policyChangeView } from "./list-policy-changes";

export const policySchema = z
  .object({
    approvalsRequired: z.number().int().min(1).max(10),
    autoRebuild: z.boolean(),
    batchSize: z.number().int().min(1).max(1000),
    canary: z.boolean(),
    requestTtlHours: z.number().int().min(1).max(24 * 30),
    verifyMinutes: z.number().int().min(1).max(24 * 60),
    rebuildAttempts: z.number().int().min(1).max(10),
    provider: providerConfigSchema.nullable(),
    // Not reporting after this long without a check-in (lib/core/reporting); null threshold = the product default.
    reportingIntervalMinutes: z.number().int().min(REPORTING_INTERVAL_MIN, `at least ${REPORTING_INTERVAL_MIN} minutes`).max(REPORTING_INTERVAL_MAX, `at most 30 days (${REPORTING_INTERVAL_MAX} minutes)`),
    snowflakeThreshold: z.number().min(SNOWFLAKE_THRESHOLD_MIN, `at least ${SNOWFLAKE_THRESHOLD_MIN}`).max(SNOWFLAKE_THRESHOLD_MAX, `at most ${SNOWFLAKE_THRESHOLD_MAX}`).nullable(),
    collectContent: z.boolean(),
  })
  .partial();

export type PolicyInput = z.infer<typeof policySchema>;

/** The audit log names a provider's kind only: a command's argv or a webhook URL can carry more than it should. */
export const auditable = (c: PolicyInput) => ({ ...c, provider: c.provider ? { kind: c.provider.kind } : c.provider });

/**
 * Fleet rebuild policy: approvals (N of M), automatic rebuilds, rollout size, deadlines, provider. What only
 * narrows or tunes a rollout applies at once; a new provider, automatic rebuilds or fewer approvals is stored as
 * a pending change for a second admin (core/policy-change), superseding any older pending one.
 */
export async function setFleetPolicy(db: Db, who: Principal, actor: Actor, fleetName: string, input: PolicyInput, now = new Date()) {
  let contentChanged = false;
  const result = await db.transaction(async (tx) => {
    const fleet = await lockFleet(tx, fleetName);
    const { immediate, sensitive, reasons } = splitPolicyChange<PolicyInput>(policyOf(fleet), input);
    contentChanged = "collectContent" in immediate;
    let row = fleet;
    if (Object.keys(immediate).length) {
      // A new snowflake threshold rescores the whole fleet: the worker sees a new revision and no rescore yet.
      const rescore = "snowflakeThreshold" in immediate ? { rescoredAt: null, revision: sql`${fleets.revision} + 1` } : {};
      [row] = await tx.update(fleets).set({ ...immediate, ...rescore }).where(eq(fleets.id, fleet.id)).returning();
      // Recorded as a change its requester applied: the history autoRebuildApproval reads.
      await tx.insert(policyChanges).values({ fleetId: fleet.id, change: immediate, status: "applied", requestedBy: who.userId, requestedAt: now, decidedBy: who.userId, decidedAt: now });
      await writeAudit(tx, actor, "fleet.policy", fleet.name, auditable(immediate));
    }
    if (!sensitive) return { policy: policyOf(row), pending: null, message: null };
    const pending = await requestChange(tx, who, actor, fleet, sensitive, reasons, now);
    const note = loneAdminNote(await countActiveAdmins(tx));
    return { policy: policyOf(row), pending, message: `Waiting for another admin to approve, because ${reasons.join(" and ")}.${note}` };
  });
  // Hosts' cached authentication carries the fleet's collectContent (the machine routes read it there). Only a
  // change of it empties the cache: the form sends the box on every save, and a refill costs each host a query.
  if (contentChanged) forgetHostAuth(db);
  return result;
}

async function requestChange(tx: Tx, who: Principal, actor: Actor, fleet: typeof fleets.$inferSelect, change: PolicyInput, reasons: string[], now: Date) {
  const superseded = await tx
    .update(policyChanges)
    .set({ status: "superseded", decidedAt: now })
    .where(and(eq(policyChanges.fleetId, fleet.id), eq(policyChanges.status, "pending")))
    .returning({ id: policyChanges.id });
  const [row] = await tx.insert(policyChanges).values({ fleetId: fleet.id, change, requestedBy: who.userId, requestedAt: now }).returning();
  await writeAudit(tx, actor, "policy.request", fleet.name, { changeId: row.id, change: auditable(change), reasons, superseded: superseded.map((s) => s.id) });
  return policyChangeView(row, fleet.name, await namesOf(tx, [row]));
}

export function policyOf(f: typeof fleets.$inferSelect) {
  return {
    approvalsRequired: f.approvalsRequired,
    autoRebuild: f.autoRebuild,
    batchSize: f.batchSize,
    canary: f.canary,
    requestTtlHours: f.requestTtlHours,
    verifyMinutes: f.verifyMinutes,
    rebuildAttempts: f.rebuildAttempts,
    provider: f.provider,
    reportingIntervalMinutes: f.reportingIntervalMinutes,
    snowflakeThreshold: f.snowflakeThreshold,
    collectContent: f.collectContent,
  };
}

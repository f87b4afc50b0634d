import { eq } from "drizzle-orm";
import { z } from "zod";
import { fleets } from "@/db/schema";
import type { Db } from "@/db/client";
import { providerConfigSchema } from "@/lib/providers/config";
import { writeAudit, type Actor } from "./audit";
import { findFleet } from "./find-fleet";

export const policySchema = z
  .object({
    approvalsRequired: z.number().int().min(1).max(10),
    autoRebuild: z.boolean(),
    batchSize: z.number().int().min(1).max(1000),
    canary: z.boolean(),
    requestTtlHours: z.number().int().min(1).max(24 * 30),
    verifyMinutes: z.number().int().min(1).max(24 * 60),
    provider: providerConfigSchema.nullable(),
  })
  .partial();

export type PolicyInput = z.infer<typeof policySchema>;

/** Fleet rebuild policy: approvals (N of M), automatic rebuilds, rollout size, deadlines, provider. */
export async function setFleetPolicy(db: Db, actor: Actor, fleetName: string, input: PolicyInput) {
  return db.transaction(async (tx) => {
    const fleet = await findFleet(tx, fleetName);
    const [row] = await tx.update(fleets).set(input).where(eq(fleets.id, fleet.id)).returning();
    await writeAudit(tx, actor, "fleet.policy", fleet.name, { ...input, provider: input.provider ? { kind: input.provider.kind } : input.provider });
    return policyOf(row);
  });
}

export function policyOf(f: typeof fleets.$inferSelect) {
  return {
    approvalsRequired: f.approvalsRequired,
    autoRebuild: f.autoRebuild,
    batchSize: f.batchSize,
    canary: f.canary,
    requestTtlHours: f.requestTtlHours,
    verifyMinutes: f.verifyMinutes,
    provider: f.provider,
  };
}

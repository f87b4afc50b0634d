import "server-only";
import { and, eq } from "drizzle-orm";
import { policyChanges } from "@/db/schema";
import type { Tx } from "@/db/client";
import { conflict } from "@/lib/server/errors";

/**
 * Moves a pending policy change to its decision with a conditional update (under the fleet's lock): of two
 * admins deciding at once, or one deciding while a newer change supersedes it, exactly one decision lands.
 */
export async function settlePolicyChange(tx: Tx, id: number, status: "applied" | "rejected", decidedBy: string, now: Date) {
  const [row] = await tx
    .update(policyChanges)
    .set({ status, decidedBy, decidedAt: now })
    .where(and(eq(policyChanges.id, id), eq(policyChanges.status, "pending")))
    .returning();
  if (!row) throw conflict("Someone decided on this policy change a moment ago; reload to see what happened.");
  return row;
}

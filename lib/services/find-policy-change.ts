import "server-only";
import { and, eq } from "drizzle-orm";
import { policyChanges, type fleets } from "@/db/schema";
import type { Tx } from "@/db/client";
import { conflict, notFound } from "@/lib/server/errors";

const OUTCOME: Record<string, string> = {
  applied: "was approved and applied",
  rejected: "was rejected",
  superseded: "was superseded by a newer change to this fleet's policy",
};

/** A pending change of this fleet; a decided one is a conflict that says how it was decided. */
export async function findPolicyChange(tx: Tx, fleet: typeof fleets.$inferSelect, id: number) {
  const [row] = await tx.select().from(policyChanges).where(and(eq(policyChanges.id, id), eq(policyChanges.fleetId, fleet.id)));
  if (!row) throw notFound(`No policy change ${id} for fleet "${fleet.name}".`);
  if (row.status !== "pending") throw conflict(`This policy change ${OUTCOME[row.status] ?? row.status}; only pending changes can be decided.`);
  return row;
}

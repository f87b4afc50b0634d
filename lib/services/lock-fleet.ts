import "server-only";
import { eq } from "drizzle-orm";
import { fleets } from "@/db/schema";
import type { Tx } from "@/db/client";
import { notFound } from "@/lib/server/errors";

/**
 * The fleet row, locked for the rest of the transaction: policy requests, approvals and rejections of one fleet
 * take turns, so two requests at once cannot both stay pending and an approval applies what it read.
 */
export async function lockFleet(tx: Tx, name: string) {
  const [row] = await tx.select().from(fleets).where(eq(fleets.name, name)).for("update");
  if (!row) throw notFound(`No fleet named "${name}". GET /api/v1/fleets lists them.`);
  return row;
}

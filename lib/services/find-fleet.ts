import "server-only";
import { eq } from "drizzle-orm";
import { fleets } from "@/db/schema";
import type { DbOrTx } from "@/db/client";
import { notFound } from "@/lib/server/errors";

export async function findFleet(db: DbOrTx, name: string) {
  const [row] = await db.select().from(fleets).where(eq(fleets.name, name));
  if (!row) throw notFound(`No fleet named "${name}". GET /api/v1/fleets lists them.`);
  return row;
}

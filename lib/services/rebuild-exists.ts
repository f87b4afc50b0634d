import "server-only";
import { eq } from "drizzle-orm";
import { rebuildRequests } from "@/db/schema";
import type { DbOrTx } from "@/db/client";
import { notFound } from "@/lib/server/errors";

/** A page's guard (before its loading state streams): one indexed lookup, not the whole request. */
export async function assertRebuildExists(db: DbOrTx, id: string): Promise<void> {
  const [row] = await db.select({ id: rebuildRequests.id }).from(rebuildRequests).where(eq(rebuildRequests.id, id));
  if (!row) throw notFound(`No rebuild request "${id}".`);
}

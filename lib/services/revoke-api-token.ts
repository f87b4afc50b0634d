import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { apiTokens, users } from "@/db/schema";
import type { Db } from "@/db/client";
import { notFound } from "@/lib/server/errors";
import { roleAtLeast, type Principal } from "@/lib/server/principal";
import { writeAudit, type Actor } from "./audit";

/** Revokes one of the caller's own tokens; an admin may revoke anyone's. Someone else's token reads as absent. */
export async function revokeApiToken(db: Db, by: Principal, actor: Actor, tokenId: number) {
  return db.transaction(async (tx) => {
    const mine = roleAtLeast(by.role, "admin") ? [] : [eq(apiTokens.userId, by.userId)];
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt), ...mine))
      .returning({ id: apiTokens.id, userId: apiTokens.userId, name: apiTokens.name, revokedAt: apiTokens.revokedAt });
    if (!row) throw notFound(`You have no active API token ${tokenId}.`);
    const [owner] = await tx.select({ email: users.email }).from(users).where(eq(users.id, row.userId));
    await writeAudit(tx, actor, "token.revoke", owner?.email ?? row.userId, { tokenId, name: row.name });
    return { id: row.id, revokedAt: row.revokedAt };
  });
}

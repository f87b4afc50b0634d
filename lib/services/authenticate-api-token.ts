import "server-only";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import { apiTokens, users } from "@/db/schema";
import type { Db } from "@/db/client";
import type { Principal } from "@/lib/server/principal";
import { hashSecret } from "@/lib/server/secrets";

export type TokenCheck = { ok: true; principal: Principal } | { ok: false; problem: string };

/** Who an API token belongs to, with the owner's role as it is now (a role change applies to their tokens at once). */
export async function authenticateApiToken(db: Db, token: string): Promise<TokenCheck> {
  const [row] = await db
    .select({ id: apiTokens.id, revokedAt: apiTokens.revokedAt, lastUsedAt: apiTokens.lastUsedAt, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, hashSecret(token)));
  if (!row || row.revokedAt) return { ok: false, problem: "That API token is unknown or revoked." };
  if (row.user.disabled) return { ok: false, problem: "The account this API token belongs to is disabled." };
  // Usage is recorded at most once a minute per token: a busy script must not turn every read into a write.
  const minuteAgo = new Date(Date.now() - 60_000);
  if (!row.lastUsedAt || row.lastUsedAt < minuteAgo) {
    await db
      .update(apiTokens)
      .set({ lastUsedAt: new Date() })
      .where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, minuteAgo))));
  }
  const { id, email, name, role } = row.user;
  return { ok: true, principal: { userId: id, email, name, role, via: "api-token" } };
}

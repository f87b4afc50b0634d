import "server-only";
import { apiTokens } from "@/db/schema";
import type { Db } from "@/db/client";
import type { Principal } from "@/lib/server/principal";
import { forbidden } from "@/lib/server/errors";
import { hashSecret, newSecret } from "@/lib/server/secrets";
import { writeAudit, type Actor } from "./audit";

export const API_TOKEN_PREFIX = "fpt";

/** A personal API token of `owner`: returned once, stored as its sha256. It acts with the owner's current role. */
export async function createApiToken(db: Db, owner: Principal, actor: Actor, name: string) {
  // A leaked token must not be able to mint its own replacements (they would outlive its revocation).
  if (owner.via !== "session") throw forbidden("API tokens cannot create API tokens: create tokens from a signed-in session (/settings/tokens).");
  const token = newSecret(API_TOKEN_PREFIX);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ userId: owner.userId, name, tokenHash: hashSecret(token), prefix: token.slice(0, API_TOKEN_PREFIX.length + 7) })
      .returning();
    await writeAudit(tx, actor, "token.create", owner.email, { tokenId: row.id, name });
    return { id: row.id, name: row.name, prefix: row.prefix, createdAt: row.createdAt, token };
  });
}

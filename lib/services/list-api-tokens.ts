import "server-only";
import { and, asc, eq, isNull } from "drizzle-orm";
import { apiTokens } from "@/db/schema";
import type { DbOrTx } from "@/db/client";

export interface ApiTokenRow {
  id: number;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** A user's active tokens, without any secret (only the hash is stored anyway). */
export async function listApiTokens(db: DbOrTx, userId: string): Promise<ApiTokenRow[]> {
  return db
    .select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .orderBy(asc(apiTokens.id));
}

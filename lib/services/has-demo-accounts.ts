import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { DEMO_USERS } from "@/lib/demo/seed-users";

/** Whether any demo account can still sign in (one indexed lookup on users.email). */
export async function hasDemoAccounts(db: Db): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.email, DEMO_USERS.map((u) => u.email)), eq(users.disabled, false)))
    .limit(1);
  return row !== undefined;
}

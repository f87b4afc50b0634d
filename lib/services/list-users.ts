import "server-only";
import { asc } from "drizzle-orm";
import { users } from "@/db/schema";
import type { DbOrTx } from "@/db/client";
import type { UserRow } from "./create-user";

export async function listUsers(db: DbOrTx): Promise<UserRow[]> {
  return db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, disabled: users.disabled, createdAt: users.createdAt })
    .from(users)
    .orderBy(asc(users.email));
}

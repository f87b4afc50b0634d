import { generateId } from "better-auth";
import { hashPassword } from "better-auth/crypto";
import { accounts, users } from "@/db/schema";
import type { Db } from "@/db/client";
import { conflict } from "@/lib/server/errors";
import type { Role } from "@/lib/server/principal";
import { writeAudit, type Actor } from "./audit";

export interface NewUser {
  email: string; // already trimmed and lower-cased by the route's schema
  name: string;
  password: string;
  role: Role;
}

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: Date;
}

/**
 * Sign-up is closed, so users are made here: the user row and better-auth's "credential" account holding the
 * password hash (better-auth's own scrypt, so its sign-in verifies it) land with the audit row in one transaction.
 */
export async function createUser(db: Db, actor: Actor, input: NewUser): Promise<UserRow> {
  const hash = await hashPassword(input.password); // slow on purpose: outside the transaction
  return db.transaction(async (tx) => {
    const id = generateId(32);
    const [row] = await tx
      .insert(users)
      .values({ id, email: input.email, name: input.name, role: input.role, emailVerified: true })
      .onConflictDoNothing({ target: users.email })
      .returning();
    if (!row) throw conflict(`A user with the email ${input.email} already exists.`);
    await tx.insert(accounts).values({ id: generateId(32), accountId: id, providerId: "credential", userId: id, password: hash });
    await writeAudit(tx, actor, "user.create", input.email, { role: input.role, userId: id });
    return { id, email: row.email, name: row.name, role: row.role, disabled: row.disabled, createdAt: row.createdAt };
  });
}

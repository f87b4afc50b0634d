import "server-only";
import { generateId } from "better-auth";
import { hashPassword } from "better-auth/crypto";
import { and, eq, sql } from "drizzle-orm";
import { accounts, users } from "@/db/schema";
import type { Db } from "@/db/client";
import { conflict, forbidden } from "@/lib/server/errors";
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

export const ADMIN_EXISTS =
  "An admin already exists, so the bootstrap admin token is no longer accepted. Sign in as an admin and create users " +
  "on the People page (/admin/users), or send an admin's API token (made at /settings/tokens).";

/**
 * Sign-up is closed, so users are made here: the user row and better-auth's "credential" account holding the
 * password hash (better-auth's own scrypt, so its sign-in verifies it) land with the audit row in one transaction.
 *
 * `onlyWithoutAdmin` is the bootstrap admin token's rule: it makes the first admin and nothing after. Checked
 * under a transaction-scoped lock, so two racing requests cannot both find "no admin yet".
 */
export async function createUser(db: Db, actor: Actor, input: NewUser, opts: { onlyWithoutAdmin?: boolean } = {}): Promise<UserRow> {
  const hash = await hashPassword(input.password); // slow on purpose: outside the transaction
  return db.transaction(async (tx) => {
    if (opts.onlyWithoutAdmin) {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('fleetprint:first-admin'))`);
      const [admin] = await tx.select({ id: users.id }).from(users).where(and(eq(users.role, "admin"), eq(users.disabled, false))).limit(1);
      if (admin) throw forbidden(ADMIN_EXISTS);
    }
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

import "server-only";
import { and, eq } from "drizzle-orm";
import { sessions, users } from "@/db/schema";
import type { Db } from "@/db/client";
import { conflict, notFound } from "@/lib/server/errors";
import type { Role } from "@/lib/server/principal";
import { writeAudit, type Actor } from "./audit";
import type { UserRow } from "./create-user";

/**
 * Changes a user's role and/or disabled flag. The active admins are locked first, so two admins demoting each
 * other at the same moment cannot leave the installation without any admin.
 */
export async function updateUser(db: Db, actor: Actor, userId: string, change: { role?: Role; disabled?: boolean }): Promise<UserRow> {
  return db.transaction(async (tx) => {
    const admins = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, "admin"), eq(users.disabled, false)))
      .for("update");
    const [before] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!before) throw notFound(`No user ${userId}.`);
    const role = change.role ?? before.role;
    const disabled = change.disabled ?? before.disabled;
    const wasAdmin = before.role === "admin" && !before.disabled;
    if (wasAdmin && (role !== "admin" || disabled) && admins.length <= 1) {
      throw conflict(`${before.email} is the last active admin: make someone else admin first.`);
    }
    const [after] = await tx.update(users).set({ role, disabled, updatedAt: new Date() }).where(eq(users.id, userId)).returning();
    if (role !== before.role) await writeAudit(tx, actor, "user.role", before.email, { from: before.role, to: role });
    if (disabled !== before.disabled) {
      await writeAudit(tx, actor, disabled ? "user.disable" : "user.enable", before.email);
      // Signed-in browsers of a disabled user are signed out now, not when their session expires.
      if (disabled) await tx.delete(sessions).where(eq(sessions.userId, userId));
    }
    return { id: after.id, email: after.email, name: after.name, role: after.role, disabled: after.disabled, createdAt: after.createdAt };
  });
}

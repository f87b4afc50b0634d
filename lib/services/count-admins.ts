import "server-only";
import { and, count, eq } from "drizzle-orm";
import { users } from "@/db/schema";
import type { DbOrTx } from "@/db/client";

/** Active (not disabled) admins: four eyes on the policy needs two of them. */
export async function countActiveAdmins(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users).where(and(eq(users.role, "admin"), eq(users.disabled, false)));
  return Number(row?.n ?? 0);
}

/** Said wherever a pending change waits, so a lone admin knows what is missing rather than waiting forever. */
export function loneAdminNote(admins: number): string {
  return admins < 2
    ? " This deployment has only one active admin, so nobody can approve it yet: create a second admin (People, /admin/users) who approves it, or reject it."
    : "";
}

import "server-only";
import { auditLog } from "@/db/schema";
import type { DbOrTx } from "@/db/client";

export interface Actor {
  name: string; // "admin-token", "host:web-01", "system"
  ip: string | null;
}

export const SYSTEM: Actor = { name: "system", ip: null };

/** Written inside the caller's transaction so a change and its audit row land together or not at all. */
export async function writeAudit(tx: DbOrTx, actor: Actor, action: string, subject: string, detail?: Record<string, unknown>) {
  await tx.insert(auditLog).values({ actor: actor.name, ip: actor.ip, action, subject, detail: detail ?? null });
}

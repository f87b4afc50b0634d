import "server-only";
// Demo-only accounts, one per role, created with the demo fleets on an empty database. They share one password
// (lib/demo/demo-password.ts: generated per installation, or FLEETPRINT_DEMO_PASSWORD); still, never seed them on a
// real installation (FLEETPRINT_DEMO=0).
import { inArray } from "drizzle-orm";
import { users } from "@/db/schema";
import type { Db } from "@/db/client";
import type { Role } from "@/lib/server/principal";
import { SYSTEM } from "@/lib/services/audit";
import { createUser } from "@/lib/services/create-user";

export const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: "admin@demo.fleetprint", name: "Ada Admin", role: "admin" },
  { email: "olivia@demo.fleetprint", name: "Olivia Operator", role: "operator" },
  { email: "alice@demo.fleetprint", name: "Alice Approver", role: "approver" },
  { email: "bob@demo.fleetprint", name: "Bob Approver", role: "approver" },
  { email: "victor@demo.fleetprint", name: "Victor Viewer", role: "viewer" },
];

export async function seedDemoUsers(db: Db, password: string): Promise<string> {
  const existing = new Set(
    (await db.select({ email: users.email }).from(users).where(inArray(users.email, DEMO_USERS.map((u) => u.email)))).map((u) => u.email),
  );
  const missing = DEMO_USERS.filter((u) => !existing.has(u.email));
  for (const u of missing) await createUser(db, SYSTEM, { ...u, password });
  return `${missing.length} demo accounts`;
}

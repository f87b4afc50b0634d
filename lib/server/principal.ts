import "server-only";
// Who is asking. The roles and their order live in model/roles.ts (the users table reads them too).
import type { Role } from "@/model/roles";

export { ROLES, roleAtLeast, type Role } from "@/model/roles";

export interface Principal {
  userId: string;
  email: string;
  name: string;
  role: Role;
  /** How they proved it: a browser session, a personal API token, or the bootstrap admin token. */
  via: "session" | "api-token" | "bootstrap";
}

/** The audit log's actor for a principal. */
export function actorOf(p: Principal, ip: string | null) {
  return { name: p.via === "bootstrap" ? "bootstrap-admin-token" : p.email, ip };
}

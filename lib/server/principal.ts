// Who is asking. Roles are ordered: each includes the rights of the ones before it.
export const ROLES = ["viewer", "operator", "approver", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  userId: string;
  email: string;
  name: string;
  role: Role;
  /** How they proved it: a browser session, a personal API token, or the bootstrap admin token. */
  via: "session" | "api-token" | "bootstrap";
}

export function roleAtLeast(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

/** The audit log's actor for a principal. */
export function actorOf(p: Principal, ip: string | null) {
  return { name: p.via === "bootstrap" ? "bootstrap-admin-token" : p.email, ip };
}

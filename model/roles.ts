// Who may do what. Roles are ordered: each includes the rights of the ones before it. The users table's check
// constraint, the zod enums and the UI's role checks all read this list.
export const ROLES = ["viewer", "operator", "approver", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function roleAtLeast(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

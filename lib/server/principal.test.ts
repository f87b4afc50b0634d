import { describe, expect, it } from "vitest";
import { ROLES, actorOf, roleAtLeast, type Principal } from "./principal";

describe("roles", () => {
  it("are ordered: each includes the rights of the ones before it", () => {
    expect(ROLES).toEqual(["viewer", "operator", "approver", "admin"]);
    for (const [i, have] of ROLES.entries()) {
      for (const [j, need] of ROLES.entries()) expect(roleAtLeast(have, need), `${have} >= ${need}`).toBe(i >= j);
    }
  });

  it("name the audit actor by email, and the bootstrap token by what it is", () => {
    const p: Principal = { userId: "u1", email: "olivia@example.com", name: "Olivia", role: "operator", via: "api-token" };
    expect(actorOf(p, "10.0.0.1")).toEqual({ name: "olivia@example.com", ip: "10.0.0.1" });
    expect(actorOf({ ...p, via: "bootstrap" }, null)).toEqual({ name: "bootstrap-admin-token", ip: null });
  });
});

// The people services in-process on both drivers: audit rows land with the change, passwords are stored as
// better-auth's scrypt hashes, and two admins demoting each other at once cannot leave no admin.
import { and, eq } from "drizzle-orm";
import { verifyPassword } from "better-auth/crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, auditLog, users } from "@/db/schema";
import type { Principal } from "@/lib/server/principal";
import { SYSTEM } from "@/lib/services/audit";
import { authenticateApiToken } from "@/lib/services/authenticate-api-token";
import { createApiToken } from "@/lib/services/create-api-token";
import { createUser } from "@/lib/services/create-user";
import { revokeApiToken } from "@/lib/services/revoke-api-token";
import { updateUser } from "@/lib/services/update-user";
import { seedDemoUsers, DEMO_USERS } from "@/lib/demo/seed-users";
import { DRIVERS, openTestDb, type TestDb } from "./support/databases";

describe.each(DRIVERS)("people services on %s", (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(kind);
  });
  afterAll(async () => t?.close());

  const audit = (action: string, subject: string) =>
    t.db.select({ actor: auditLog.actor, detail: auditLog.detail }).from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.subject, subject)));

  it("creates a user with a scrypt password hash and an audit row", async () => {
    const u = await createUser(t.db, { name: "bootstrap-admin-token", ip: "10.0.0.9" }, { email: "ann@x.test", name: "Ann", password: "ann-password-1", role: "operator" });
    const [acc] = await t.db.select().from(accounts).where(eq(accounts.userId, u.id));
    expect(acc.providerId).toBe("credential");
    expect(acc.password).not.toContain("ann-password-1");
    expect(await verifyPassword({ hash: acc.password!, password: "ann-password-1" })).toBe(true);
    expect(await audit("user.create", "ann@x.test")).toEqual([{ actor: "bootstrap-admin-token", detail: { role: "operator", userId: u.id } }]);
    await expect(createUser(t.db, SYSTEM, { email: "ann@x.test", name: "Ann 2", password: "ann-password-1", role: "viewer" })).rejects.toThrow(/already exists/);
  });

  it("audits token creation and revocation; a revoked token stops authenticating", async () => {
    const [row] = await t.db.select().from(users).where(eq(users.email, "ann@x.test"));
    const ann: Principal = { userId: row.id, email: row.email, name: row.name, role: row.role, via: "session" };
    const actor = { name: ann.email, ip: null };
    const tok = await createApiToken(t.db, ann, actor, "deploy");
    expect((await authenticateApiToken(t.db, tok.token)).ok).toBe(true);
    await revokeApiToken(t.db, ann, actor, tok.id);
    expect(await authenticateApiToken(t.db, tok.token)).toEqual({ ok: false, problem: "That API token is unknown or revoked." });
    expect(await audit("token.create", ann.email)).toHaveLength(1);
    expect(await audit("token.revoke", ann.email)).toEqual([{ actor: ann.email, detail: { tokenId: tok.id, name: "deploy" } }]);
  });

  it("two admins demoting each other at the same moment leave exactly one admin", async () => {
    const a = await createUser(t.db, SYSTEM, { email: "a@race.test", name: "A", password: "race-password-1", role: "admin" });
    const b = await createUser(t.db, SYSTEM, { email: "b@race.test", name: "B", password: "race-password-1", role: "admin" });
    // Nobody else is an admin in this database, so exactly one of these may win.
    const results = await Promise.allSettled([
      updateUser(t.db, { name: "b@race.test", ip: null }, a.id, { role: "viewer" }),
      updateUser(t.db, { name: "a@race.test", ip: null }, b.id, { disabled: true }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const admins = await t.db.select().from(users).where(and(eq(users.role, "admin"), eq(users.disabled, false)));
    expect(admins).toHaveLength(1);
    expect((await audit("user.role", "a@race.test")).length + (await audit("user.disable", "b@race.test")).length).toBe(1);
  });

  it("seeds one demo account per role, once", async () => {
    const DEMO_PASSWORD = "demo-test-password";
    await seedDemoUsers(t.db, DEMO_PASSWORD);
    await seedDemoUsers(t.db, DEMO_PASSWORD); // idempotent
    const rows = await t.db.select({ email: users.email, role: users.role }).from(users);
    for (const d of DEMO_USERS) expect(rows).toContainEqual({ email: d.email, role: d.role });
    const [acc] = await t.db.select({ password: accounts.password }).from(accounts).innerJoin(users, eq(users.id, accounts.userId)).where(eq(users.email, "victor@demo.fleetprint"));
    expect(await verifyPassword({ hash: acc.password!, password: DEMO_PASSWORD })).toBe(true);
  });
});

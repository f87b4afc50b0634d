// Four eyes on the rebuild policy, in-process on both databases: harmless changes apply at once, a provider,
// automatic rebuilds or fewer approvals wait for a second admin; newer requests supersede older ones; one
// decision lands when two admins decide at once; automatic rebuilds need what is in effect to be approved.
// Plus: an API token cannot mint API tokens.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, fleets } from "@/db/schema";
import type { Principal } from "@/lib/server/principal";
import { approvePolicyChange } from "@/lib/services/approve-policy-change";
import { SYSTEM } from "@/lib/services/audit";
import { maybeAutoRebuild } from "@/lib/services/auto-rebuild";
import { checkAutoRebuild } from "@/lib/services/check-auto-rebuild";
import { createApiToken } from "@/lib/services/create-api-token";
import { createFleet } from "@/lib/services/create-fleet";
import { createUser } from "@/lib/services/create-user";
import { findFleet } from "@/lib/services/find-fleet";
import { listPolicyChanges } from "@/lib/services/list-policy-changes";
import { rejectPolicyChange } from "@/lib/services/reject-policy-change";
import { setFleetPolicy, type PolicyInput } from "@/lib/services/set-fleet-policy";
import { DRIVERS, openTestDb, type TestDb } from "./support/databases";

const cmd = { kind: "command" as const, argv: ["/usr/local/bin/rebuild", "{hostname}"], timeoutSeconds: 60 };
const act = (p: Principal) => ({ name: p.email, ip: null });

describe.each(DRIVERS)("policy changes on %s", (kind) => {
  let t: TestDb;
  const people: Record<string, Principal> = {};
  const person = async (key: string, role: Principal["role"]) => {
    const u = await createUser(t.db, SYSTEM, { email: `${key}@policy.test`, name: key, password: "policy-password-1", role });
    people[key] = { userId: u.id, email: u.email, name: u.name, role, via: "session" };
    return people[key];
  };
  const set = (who: string, input: PolicyInput, fleet = "pc") => setFleetPolicy(t.db, people[who], act(people[who]), fleet, input);
  const approve = (who: string, id: number, fleet = "pc") => approvePolicyChange(t.db, people[who], act(people[who]), fleet, id);
  const reject = (who: string, id: number, fleet = "pc") => rejectPolicyChange(t.db, people[who], act(people[who]), fleet, id, null);
  const fleetRow = (name = "pc") => findFleet(t.db, name);
  const audits = (action: string, subject = "pc") => t.db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.subject, subject)));

  beforeAll(async () => {
    t = await openTestDb(kind);
    await person("ada", "admin"); // alone at first: the deployment has one admin
    await person("olivia", "operator");
    await createFleet(t.db, SYSTEM, { name: "pc", strategy: "immutable" });
    await t.db.update(fleets).set({ approvalsRequired: 2 }).where(eq(fleets.name, "pc"));
  });
  afterAll(async () => t?.close());

  it("applies harmless changes at once and keeps them in the policy's history", async () => {
    const r = await set("ada", { batchSize: 5, canary: false, verifyMinutes: 15, approvalsRequired: 3, autoRebuild: false, provider: null });
    expect(r.pending).toBeNull();
    expect(r.policy).toMatchObject({ batchSize: 5, canary: false, verifyMinutes: 15, approvalsRequired: 3, provider: null });
    const { pending, recent } = await listPolicyChanges(t.db, "pc");
    expect(pending).toEqual([]);
    expect(recent[0]).toMatchObject({ status: "applied", appliedAtOnce: true, requestedBy: { name: "ada" }, decidedBy: { name: "ada" } });
    expect(await audits("fleet.policy")).toHaveLength(1);
  });

  it("holds a provider for a second admin, and says so when there is only one", async () => {
    const r = await set("ada", { provider: cmd, batchSize: 4 });
    expect(r.policy).toMatchObject({ batchSize: 4, provider: null }); // the harmless part applied
    expect(r.pending).toMatchObject({ status: "pending", change: { provider: cmd }, lines: ["Rebuild provider: command (/usr/local/bin/rebuild {hostname})"] });
    expect(r.message).toMatch(/because it changes the rebuild provider\..*only one active admin/);
    await expect(approve("ada", r.pending!.id)).rejects.toMatchObject({ status: 403, message: expect.stringMatching(/a different admin must approve it.*only one active admin/) });
    await expect(approve("olivia", r.pending!.id)).rejects.toMatchObject({ status: 403 });
    expect((await fleetRow()).provider).toBeNull();

    await person("grace", "admin");
    await expect(approve("ada", r.pending!.id)).rejects.toThrow(/^You requested this policy change; a different admin must approve it \(you may reject it\)\.$/);
    const done = await approve("grace", r.pending!.id);
    expect(done.change).toMatchObject({ status: "applied", requestedBy: { name: "ada" }, decidedBy: { name: "grace" } });
    expect((await fleetRow()).provider).toEqual(cmd);
    await expect(approve("grace", r.pending!.id)).rejects.toMatchObject({ status: 409, message: expect.stringContaining("was approved and applied") });
    const [req] = await audits("policy.request");
    expect(req).toMatchObject({ actor: "ada@policy.test", detail: { changeId: r.pending!.id, change: { provider: { kind: "command" } } } });
    expect(await audits("policy.approve")).toHaveLength(1);
  });

  it("restating the policy in effect asks nobody", async () => {
    expect((await set("ada", { provider: { ...cmd } })).pending).toBeNull();
  });

  it("a newer request supersedes the older one; the requester may withdraw", async () => {
    const first = (await set("ada", { autoRebuild: true })).pending!;
    expect(first.change).toEqual({ autoRebuild: true, provider: cmd }); // approving it approves this provider running unattended
    const second = (await set("grace", { approvalsRequired: 1 })).pending!;
    const { pending } = await listPolicyChanges(t.db, "pc");
    expect(pending.map((p) => p.id)).toEqual([second.id]);
    await expect(approve("grace", first.id)).rejects.toMatchObject({ status: 409, message: expect.stringContaining("superseded") });
    expect((await reject("grace", second.id)).change).toMatchObject({ status: "rejected", decidedBy: { name: "grace" } });
    expect((await fleetRow()).approvalsRequired).toBe(3);
    const [rej] = await audits("policy.reject");
    expect(rej.detail).toMatchObject({ changeId: second.id, withdrawn: true });
  });

  it("two admins deciding at once: exactly one decision lands", async () => {
    await person("heidi", "admin");
    const p = (await set("ada", { approvalsRequired: 1 })).pending!;
    const results = await Promise.allSettled([approve("grace", p.id), reject("heidi", p.id)]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({ status: 409 });
    const { recent } = await listPolicyChanges(t.db, "pc");
    expect(["applied", "rejected"]).toContain(recent.find((c) => c.id === p.id)!.status);
  });

  it("runs automatic rebuilds only with what a second admin approved", async () => {
    await t.db.update(fleets).set({ specVersion: 1 }).where(eq(fleets.name, "pc"));
    // Turned on behind the app's back (or before four eyes existed): refused, and the audit log says why.
    await t.db.update(fleets).set({ autoRebuild: true }).where(eq(fleets.name, "pc"));
    expect(await checkAutoRebuild(t.db, await fleetRow())).toMatchObject({ ok: false });
    expect(await maybeAutoRebuild(t.db, (await fleetRow()).id)).toBeNull();
    expect((await audits("rebuild.auto-refused"))[0].detail).toMatchObject({ reason: expect.stringContaining("not turned on by a policy change a second admin approved") });
    await set("ada", { autoRebuild: false });

    const p = (await set("ada", { autoRebuild: true })).pending!;
    await approve("grace", p.id);
    expect(await checkAutoRebuild(t.db, await fleetRow())).toEqual({ ok: true });
    // A provider swapped without approval voids it.
    await t.db.update(fleets).set({ provider: { ...cmd, argv: ["/bin/sh", "-c", "id"] } }).where(eq(fleets.name, "pc"));
    expect(await checkAutoRebuild(t.db, await fleetRow())).toMatchObject({ ok: false, reason: expect.stringContaining("provider in effect") });
  });

  it("an API token cannot create API tokens", async () => {
    const viaToken: Principal = { ...people.ada, via: "api-token" };
    await expect(createApiToken(t.db, viaToken, act(viaToken), "minted")).rejects.toMatchObject({ status: 403, message: expect.stringContaining("create tokens from a signed-in session") });
    expect((await createApiToken(t.db, people.ada, act(people.ada), "from-session")).token).toMatch(/^fpt_/);
  });
});

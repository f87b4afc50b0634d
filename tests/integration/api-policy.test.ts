// Four eyes on the rebuild policy over real HTTP, on both databases: 202 with the pending change, 403 for the
// requester's own approval, 409 once decided, the second admin's approval applies it. And 403 for an API token
// that tries to mint a token.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createToken, signIn } from "@/scripts/auth-http";
import { api, uniqueName } from "./support/api";
import { PASSWORD } from "./support/people";

const provider = { kind: "command", argv: ["/usr/local/bin/rebuild-from-spec", "{hostname}", "{specFile}"] };

describe.each(inject("servers"))("policy API on $kind", ({ url, people }) => {
  const a = api(url);
  const fleet = uniqueName("policy");
  const policy = `/api/v1/fleets/${fleet}/policy`;
  const second = { id: "", token: "" };

  beforeAll(async () => {
    expect((await a.call("POST", "/api/v1/fleets", { name: fleet, strategy: "immutable" })).status).toBe(201);
    const email = `${uniqueName("grace")}@policy.test`;
    second.id = (await a.call("POST", "/api/v1/users", { email, name: "Grace Admin", password: PASSWORD, role: "admin" })).json.id;
    second.token = (await createToken(url, await signIn(url, email, PASSWORD), "policy-test")).token;
  });
  // Other suites expect exactly one active admin.
  afterAll(async () => second.id && a.call("PATCH", `/api/v1/users/${second.id}`, { disabled: true }));

  it("applies a harmless change at once (200) and holds a provider for a second admin (202)", async () => {
    const harmless = await a.call("PUT", policy, { batchSize: 3, approvalsRequired: 2 });
    expect(harmless.status).toBe(200);
    expect(harmless.json).toMatchObject({ batchSize: 3, approvalsRequired: 2, provider: null });

    const r = await a.call("PUT", policy, { provider, canary: false });
    expect(r.status).toBe(202);
    expect(r.json).toMatchObject({ status: "pending", pending: { status: "pending", change: { provider }, requestedBy: { id: people.admin.id } }, policy: { canary: false, provider: null } });
    expect(r.json.message).toMatch(/Waiting for another admin to approve, because it changes the rebuild provider/);
    expect((await a.call("GET", policy, undefined, { token: people.viewer.token })).json.provider).toBeNull();
    const listed = await a.call("GET", `/api/v1/fleets/${fleet}/policy-changes`, undefined, { token: people.viewer.token });
    expect(listed.json.pending.map((p: { id: number }) => p.id)).toEqual([r.json.pending.id]);

    const own = await a.call("POST", `/api/v1/fleets/${fleet}/policy-changes/${r.json.pending.id}/approve`);
    expect(own.status).toBe(403);
    expect(own.json.error.message).toMatch(/You requested this policy change; a different admin must approve it/);

    const ok = await a.call("POST", `/api/v1/fleets/${fleet}/policy-changes/${r.json.pending.id}/approve`, undefined, { token: second.token });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ change: { status: "applied", decidedBy: { id: second.id, name: "Grace Admin" } }, policy: { provider } });
    const again = await a.call("POST", `/api/v1/fleets/${fleet}/policy-changes/${r.json.pending.id}/approve`, undefined, { token: second.token });
    expect(again.status).toBe(409);
    expect(again.json.error.message).toMatch(/was approved and applied/);

    const audit = (await a.call("GET", `/api/v1/audit?action=policy.&q=${fleet}`)).json.entries.map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(["policy.request", "policy.approve"]));
  });

  it("lets the requester withdraw, supersedes older requests, and explains bad ids", async () => {
    const first = (await a.call("PUT", policy, { autoRebuild: true })).json.pending;
    const newer = await a.call("PUT", policy, { approvalsRequired: 1 }, { token: second.token });
    expect(newer.status).toBe(202);
    const stale = await a.call("POST", `/api/v1/fleets/${fleet}/policy-changes/${first.id}/approve`, undefined, { token: second.token });
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toMatch(/superseded/);
    const withdrawn = await a.call("POST", `/api/v1/fleets/${fleet}/policy-changes/${newer.json.pending.id}/reject`, { comment: "changed my mind" }, { token: second.token });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.json.change.status).toBe("rejected");
    expect((await a.call("GET", policy)).json.approvalsRequired).toBe(2);
    expect((await a.call("POST", `/api/v1/fleets/${fleet}/policy-changes/999999/approve`)).status).toBe(404);
    expect((await a.call("POST", `/api/v1/fleets/${fleet}/policy-changes/abc/reject`)).status).toBe(400);
  });

  it("an API token cannot create API tokens; a signed-in session can", async () => {
    const byToken = await a.call("POST", "/api/v1/tokens", { name: "minted" }, { token: people.viewer.token });
    expect(byToken.status).toBe(403);
    expect(byToken.json.error.message).toMatch(/create tokens from a signed-in session/);
    const cookie = await signIn(url, people.viewer.email, PASSWORD);
    const bySession = await a.call("POST", "/api/v1/tokens", { name: "from-session" }, { token: null, headers: { cookie } });
    expect(bySession.status).toBe(201);
  });
});

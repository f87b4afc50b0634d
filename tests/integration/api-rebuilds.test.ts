// The rebuild API over real HTTP on both databases: input errors, four eyes, staleness, final states, callback.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { api, uniqueName } from "./support/api";
import { EXTRAS, host, install, report } from "./support/reports";

describe.each(inject("servers"))("rebuild API on $kind", ({ url, people }) => {
  const admin = api(url);
  const as = (token: string) => ({ token });
  const fleet = uniqueName("rb");
  const keys: Record<string, string> = {};

  const send = async (name: string, drifted: boolean) => {
    const h = host(name);
    if (drifted) install(h, EXTRAS.debugging);
    expect((await admin.call("POST", "/api/v1/fingerprints", report(h), { token: keys[name] })).status).toBe(202);
  };
  const request = async (hosts: string[], reason = "drifted since the upgrade") =>
    admin.call("POST", "/api/v1/rebuilds", { hosts, reason, fleet }, as(people.operator.token));

  beforeAll(async () => {
    await admin.call("POST", "/api/v1/fleets", { name: fleet, strategy: "mutable" });
    const { secret } = (await admin.call("POST", `/api/v1/fleets/${fleet}/enroll-secrets`)).json;
    for (const name of ["a-1", "a-2", "a-3"]) {
      keys[name] = (await admin.call("POST", "/api/v1/enroll", { secret, hostname: name }, { token: null })).json.hostKey;
      await send(name, name !== "a-1");
    }
  });

  it("refuses a request without a spec, with bad input, or for unknown hosts", async () => {
    const noSpec = await request(["a-2"]);
    expect(noSpec.status).toBe(409);
    expect(noSpec.json.error.message).toMatch(/no spec/);
    expect((await admin.call("POST", `/api/v1/fleets/${fleet}/spec/capture`, { hostname: "a-1" })).status).toBe(201);
    expect((await admin.call("POST", "/api/v1/rebuilds", { hosts: [], reason: "x" }, as(people.operator.token))).status).toBe(400);
    const unknown = await request(["nope-1"]);
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toMatch(/nope-1/);
    expect((await admin.call("GET", "/api/v1/rebuilds/not-a-uuid")).status).toBe(404);
    expect((await admin.call("GET", "/api/v1/rebuilds?status=bogus")).status).toBe(400);
  });

  it("the requester cannot approve; a second person can; the request is then not pending any more", async () => {
    const r = await request(["a-2"]);
    expect(r.status).toBe(201);
    expect(r.json.status).toBe("pending");
    const self = await admin.call("POST", `/api/v1/rebuilds/${r.json.id}/approve`, {}, as(people.operator.token));
    expect(self.status).toBe(403); // operators are not approvers at all
    const ok = await admin.call("POST", `/api/v1/rebuilds/${r.json.id}/approve`, { comment: "go" }, as(people.approver.token));
    expect(ok.status).toBe(200);
    expect(ok.json.status).toBe("approved");
    const again = await admin.call("POST", `/api/v1/rebuilds/${r.json.id}/reject`, { comment: "too late" }, as(people.approver.token));
    expect(again.status).toBe(409);
    const d = (await admin.call("GET", `/api/v1/rebuilds/${r.json.id}`)).json;
    expect(d.approvals).toEqual([expect.objectContaining({ decision: "approve", comment: "go" })]);
    // The worker may already have failed it (this fleet has no provider yet), so cancelling is best effort here.
    await admin.call("POST", `/api/v1/rebuilds/${r.json.id}/cancel`, undefined, as(people.operator.token));
  });

  it("an approver who requested cannot approve their own request", async () => {
    const r = await admin.call("POST", "/api/v1/rebuilds", { hosts: ["a-3"], reason: "my own", fleet }, as(people.approver.token));
    const self = await admin.call("POST", `/api/v1/rebuilds/${r.json.id}/approve`, {}, as(people.approver.token));
    expect(self.status).toBe(403);
    expect(self.json.error.message).toMatch(/second person/);
    await admin.call("POST", `/api/v1/rebuilds/${r.json.id}/cancel`, undefined, as(people.approver.token));
  });

  it("a stale request is refused with the reason; a rejection needs a comment and is final", async () => {
    const r = await request(["a-3"]);
    await send("a-3", false); // the host changed since the request
    const stale = await admin.call("POST", `/api/v1/rebuilds/${r.json.id}/approve`, {}, as(people.approver.token));
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toMatch(/a-3 reported a new fingerprint.*request a fresh/);
    expect((await admin.call("GET", `/api/v1/rebuilds/${r.json.id}`)).json.status).toBe("pending");
    await send("a-3", true);
    // One rebuild at a time per host: the pending request still holds a-3.
    const held = await admin.call("POST", "/api/v1/rebuilds", { hosts: ["a-3"], reason: "again", fleet }, as(people.operator.token));
    expect(held.status).toBe(409);
    expect(held.json.error.message).toMatch(new RegExp(`One rebuild at a time per host: a-3 \\(request ${r.json.id}, pending\\)`));
    expect((await admin.call("POST", `/api/v1/rebuilds/${r.json.id}/cancel`, {})).status).toBe(200);
    const r2 = await request(["a-3"]);
    expect((await admin.call("POST", `/api/v1/rebuilds/${r2.json.id}/reject`, {}, as(people.approver.token))).status).toBe(400);
    expect((await admin.call("POST", `/api/v1/rebuilds/${r2.json.id}/reject`, { comment: "not during the sale" }, as(people.approver.token))).json.status).toBe("rejected");
    expect((await admin.call("POST", `/api/v1/rebuilds/${r2.json.id}/approve`, {}, as(people.approver.token))).status).toBe(409);
    const list = (await admin.call("GET", `/api/v1/rebuilds?fleet=${fleet}&status=rejected`)).json.rebuilds;
    expect(list.map((x: { id: string }) => x.id)).toContain(r2.json.id);
  });

  it("validates fleet policy and refuses unsigned callbacks", async () => {
    const bad = await admin.call("PUT", `/api/v1/fleets/${fleet}/policy`, { approvalsRequired: 0, provider: { kind: "command", argv: [] } });
    expect(bad.status).toBe(400);
    const good = await admin.call("PUT", `/api/v1/fleets/${fleet}/policy`, { approvalsRequired: 2, provider: { kind: "command", argv: ["/bin/true", "{hostname}"] } });
    // More approvals apply at once; a provider waits for a second admin (four eyes on the policy).
    expect(good.status).toBe(202);
    expect(good.json).toMatchObject({ status: "pending", policy: { approvalsRequired: 2, provider: null }, pending: { change: { provider: { kind: "command" } } } });
    const r = await request(["a-2"]);
    const cb = await admin.call("POST", `/api/v1/rebuilds/${r.json.id}/callback`, { hostname: "a-2", status: "succeeded" }, { token: null });
    expect(cb.status).toBe(401);
    // The pipeline's signed read of its work: no signature, no answer; not JSON, a clear 400. No cookie or token needed.
    const unsigned = await admin.call("POST", "/api/v1/rebuilds/dispatched", { fleet }, { token: null, headers: { origin: "https://ci.example.com" } });
    expect(unsigned.status).toBe(401);
    expect(unsigned.json.error.message).toMatch(/sign "<timestamp>.<body>" with the fleet's webhook secret/);
    const notJson = await admin.call("POST", "/api/v1/rebuilds/dispatched", undefined, { token: null, raw: "fleet=x", headers: { "content-type": "application/json" } });
    expect(notJson.status).toBe(400);
    expect(notJson.json.error.message).toMatch(/Body must be JSON/);
    const audit = (await admin.call("GET", `/api/v1/audit?action=rebuild.&q=${r.json.id}`)).json.entries;
    expect(audit.map((e: { action: string }) => e.action)).toContain("rebuild.request");
  });
});

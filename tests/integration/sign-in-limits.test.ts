// Password guessing over real HTTP: failed sign-ins are limited per account and per client address (counted in
// the database), forwarded headers count only from a trusted proxy, the audit log records the real client
// address, and the bootstrap token is past its use once an admin exists.
import { describe, expect, inject, it } from "vitest";
import { TRUSTED_PROXY } from "./global-setup";
import { BOOTSTRAP_TOKEN, api, serverAt, uniqueName } from "./support/api";
import { requestFrom } from "./support/from-address";
import { PASSWORD } from "./support/people";

describe.each(inject("servers"))("sign-in limits on $kind", ({ url }) => {
  const a = api(url);
  const newUser = async () => {
    const email = `${uniqueName("g")}@limits.test`;
    expect((await a.call("POST", "/api/v1/users", { email, name: "Guessed", password: PASSWORD, role: "viewer" })).status).toBe(201);
    return email;
  };
  // A sign-in as a browser sends it (better-auth wants an Origin), from `from`, optionally through a proxy header.
  const signIn = (from: string, email: string, password: string, forwardedFor?: string) =>
    requestFrom(from, `${url}/api/auth/sign-in/email`, "POST", { email, password }, { origin: url, ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) });
  let n = 0;
  // Each test its own client address (behind the trusted proxy), so address counters never meet across tests.
  const clientAddress = () => `198.51.100.${(n++ % 200) + 1}`;

  it("the 6th wrong password answers 429 with Retry-After; the right one is refused too while blocked", async () => {
    const email = await newUser();
    const from = clientAddress();
    // A success clears the account's failures.
    for (let i = 0; i < 4; i++) expect((await signIn(TRUSTED_PROXY, email, "wrong-password-1", from)).status).toBe(401);
    expect((await signIn(TRUSTED_PROXY, email, PASSWORD, from)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await signIn(TRUSTED_PROXY, email, "wrong-password-1", from)).status).toBe(401);
    const sixth = await signIn(TRUSTED_PROXY, email.toUpperCase(), "wrong-password-1", from);
    expect(sixth.status).toBe(429);
    const wait = Number(sixth.headers["retry-after"]);
    expect(wait).toBeGreaterThan(800);
    expect(wait).toBeLessThanOrEqual(900);
    expect(sixth.json).toEqual({ code: "TOO_MANY_REQUESTS", message: expect.stringMatching(/^Too many failed sign-ins for this account\. Try again in 1[45] minutes/) });
    // The right password from anywhere else: still refused, so guessing cannot go on until the window ends.
    const right = await signIn(TRUSTED_PROXY, email, PASSWORD, clientAddress());
    expect(right.status).toBe(429);
    expect(right.headers["set-cookie"]).toBeUndefined();
  });

  it("a rotating X-Forwarded-For from an untrusted peer does not get around the per-address limit", async () => {
    const untrusted = "127.0.0.3";
    for (let i = 0; i < 20; i++) {
      const r = await signIn(untrusted, `nobody-${i}@limits.test`, "wrong-password-1", `203.0.113.${i + 1}`);
      expect(r.status).toBe(401);
    }
    const r = await signIn(untrusted, "nobody-20@limits.test", "wrong-password-1", "203.0.113.99");
    expect(r.status).toBe(429);
    expect(r.json.message).toMatch(/^Too many failed sign-ins from your address\./);
    expect(Number(r.headers["retry-after"])).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await signIn(TRUSTED_PROXY, await newUser(), PASSWORD, clientAddress())).status).toBe(200);
  });

  it("the audit log records the client address: forwarded only through a trusted proxy", async () => {
    const email = await newUser();
    const viaProxy = clientAddress();
    expect((await signIn(TRUSTED_PROXY, email, PASSWORD, `6.6.6.6, ${viaProxy}`)).status).toBe(200);
    expect((await signIn("127.0.0.4", email, PASSWORD, "6.6.6.6")).status).toBe(200);
    const signIns = (await a.call("GET", `/api/v1/audit?action=user.sign-in&actor=${encodeURIComponent(email)}`)).json.entries;
    expect(signIns.map((e: { ip: string }) => e.ip).sort()).toEqual(["127.0.0.4", viaProxy].sort());
    // Route handlers' audit rows too.
    const fleet = uniqueName("ip");
    const token = { authorization: `Bearer ${serverAt(url).people.admin.token}` };
    expect((await requestFrom(TRUSTED_PROXY, `${url}/api/v1/fleets`, "POST", { name: fleet, strategy: "mutable" }, { ...token, "x-forwarded-for": "192.0.2.77" })).status).toBe(201);
    const created = (await a.call("GET", `/api/v1/audit?action=fleet.create&q=${fleet}`)).json.entries;
    expect(created.map((e: { ip: string }) => e.ip)).toEqual(["192.0.2.77"]);
  });

  it("the OpenAPI document tells scripts about 429 on sign-in", async () => {
    const doc = (await a.call("GET", "/api/v1/openapi.json", undefined, { token: null })).json;
    const signInOp = doc.paths["/api/auth/sign-in/email"];
    expect(signInOp.servers).toEqual([{ url: doc.servers[0].url.replace(/\/api\/v1$/, "") }]);
    expect(signInOp.post.responses["429"].headers["Retry-After"]).toBeDefined();
  });

  it("the bootstrap admin token is refused with 403 once an admin exists", async () => {
    const r = await a.call("POST", "/api/v1/users", { email: `${uniqueName("b")}@limits.test`, name: "Late", password: PASSWORD, role: "admin" }, { token: BOOTSTRAP_TOKEN });
    expect(r.status).toBe(403);
    expect(r.json.error.message).toMatch(/An admin already exists, so the bootstrap admin token is no longer accepted\. Sign in as an admin/);
  });
});

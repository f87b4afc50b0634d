// Accounts, sessions and API tokens over real HTTP: sign-in, closed sign-up, token lifecycle, disabling, the
// last-admin rule and the cross-origin guard on cookie-carried writes.
import { describe, expect, inject, it } from "vitest";
import { SESSION_COOKIE, createToken, signIn } from "@/scripts/auth-http";
import { api, uniqueName } from "./support/api";
import { PASSWORD } from "./support/people";

describe.each(inject("servers"))("people on $kind", ({ url, people }) => {
  const a = api(url);
  const newUser = async (role = "viewer") => {
    const email = `${uniqueName("p")}@people.test`;
    const r = await a.call("POST", "/api/v1/users", { email: email.toUpperCase(), name: "Pat", password: PASSWORD, role });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ email, role, disabled: false });
    return { id: r.json.id as string, email };
  };

  it("signs in with the right password only; sign-up is closed", async () => {
    const u = await newUser();
    const cookie = await signIn(url, u.email, PASSWORD);
    expect(cookie.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
    const wrong = await fetch(`${url}/api/auth/sign-in/email`, { method: "POST", headers: { "content-type": "application/json", origin: url }, body: JSON.stringify({ email: u.email, password: "not-the-password" }) });
    expect(wrong.status).toBe(401);
    const signUp = await fetch(`${url}/api/auth/sign-up/email`, { method: "POST", headers: { "content-type": "application/json", origin: url }, body: JSON.stringify({ email: "self@people.test", name: "Self", password: PASSWORD }) });
    expect(signUp.status).toBeGreaterThanOrEqual(400);
    expect((await a.call("GET", "/api/v1/users")).json.users.some((x: { email: string }) => x.email === "self@people.test")).toBe(false);
  });

  it("a session cookie carries its user's role, and cookie-carried writes must come from this origin", async () => {
    const viewer = await signIn(url, people.viewer.email, PASSWORD);
    expect((await a.call("GET", "/api/v1/fleets", undefined, { token: null, headers: { cookie: viewer } })).status).toBe(200);
    const refused = await a.call("POST", "/api/v1/fleets", { name: uniqueName("s"), strategy: "mutable" }, { token: null, headers: { cookie: viewer } });
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toBe(`Needs role admin; you are viewer (${people.viewer.email}).`);

    const admin = await signIn(url, people.admin.email, PASSWORD);
    const body = { name: uniqueName("s"), strategy: "mutable" };
    const evil = await a.call("POST", "/api/v1/fleets", body, { token: null, headers: { cookie: admin, origin: "http://evil.example" } });
    expect(evil.status).toBe(403);
    const same = await a.call("POST", "/api/v1/fleets", body, { token: null, headers: { cookie: admin, origin: url } });
    expect(same.status).toBe(201);
  });

  it("tokens: shown once, listed without secrets, revocable by their owner (or an admin), dead once revoked", async () => {
    const u = await newUser("operator");
    const cookie = await signIn(url, u.email, PASSWORD);
    const t = await createToken(url, cookie, "ci");
    expect(t.token).toMatch(/^fpt_/);
    const list = await a.call("GET", "/api/v1/tokens", undefined, { token: t.token });
    expect(list.json.tokens).toEqual([expect.objectContaining({ id: t.id, name: "ci", prefix: t.token.slice(0, 10) })]);
    expect(list.text).not.toContain(t.token);
    expect(list.text).not.toMatch(/hash/i);

    // Someone else's token reads as absent to a non-admin; an admin may revoke it.
    expect((await a.call("DELETE", `/api/v1/tokens/${t.id}`, undefined, { token: people.viewer.token })).status).toBe(404);
    expect((await a.call("GET", "/api/v1/fleets", undefined, { token: t.token })).status).toBe(200);
    expect((await a.call("DELETE", `/api/v1/tokens/${t.id}`)).status).toBe(200);
    const dead = await a.call("GET", "/api/v1/fleets", undefined, { token: t.token });
    expect(dead.status).toBe(401);
    expect(dead.json.error.message).toMatch(/unknown or revoked/);
    expect((await a.call("DELETE", `/api/v1/tokens/${t.id}`)).status).toBe(404);

    const own = await createToken(url, cookie, "mine");
    expect((await a.call("DELETE", `/api/v1/tokens/${own.id}`, undefined, { token: own.token })).status).toBe(200);
    expect((await a.call("GET", "/api/v1/tokens", undefined, { token: null, headers: { cookie } })).json.tokens).toEqual([]);
  });

  it("a role change applies to the user's existing tokens at once", async () => {
    const u = await newUser("viewer");
    const { token } = await createToken(url, await signIn(url, u.email, PASSWORD), "t");
    expect((await a.call("POST", "/api/v1/fleets", { name: uniqueName("r"), strategy: "mutable" }, { token })).status).toBe(403);
    expect((await a.call("PATCH", `/api/v1/users/${u.id}`, { role: "admin" })).json.role).toBe("admin");
    expect((await a.call("POST", "/api/v1/fleets", { name: uniqueName("r"), strategy: "mutable" }, { token })).status).toBe(201);
    expect((await a.call("PATCH", `/api/v1/users/${u.id}`, { role: "viewer" })).json.role).toBe("viewer");
  });

  it("disabling signs the user out, stops their tokens and their sign-in; enabling restores sign-in", async () => {
    const u = await newUser("operator");
    const cookie = await signIn(url, u.email, PASSWORD);
    const { token } = await createToken(url, cookie, "t");
    expect((await a.call("PATCH", `/api/v1/users/${u.id}`, { disabled: true })).json.disabled).toBe(true);
    expect((await a.call("GET", "/api/v1/fleets", undefined, { token: null, headers: { cookie } })).status).toBe(401);
    expect((await a.call("GET", "/api/v1/fleets", undefined, { token })).status).toBe(401);
    const again = await fetch(`${url}/api/auth/sign-in/email`, { method: "POST", headers: { "content-type": "application/json", origin: url }, body: JSON.stringify({ email: u.email, password: PASSWORD }) });
    expect(again.status).toBe(403);
    expect((await again.json()).message).toMatch(/disabled/);
    await a.call("PATCH", `/api/v1/users/${u.id}`, { disabled: false });
    expect((await a.call("GET", "/api/v1/fleets", undefined, { token })).status).toBe(200);
    await signIn(url, u.email, PASSWORD);
  });

  it("never leaves the installation without an active admin", async () => {
    const users: { id: string; role: string; disabled: boolean }[] = (await a.call("GET", "/api/v1/users")).json.users;
    expect(users.filter((u) => u.role === "admin" && !u.disabled).map((u) => u.id)).toEqual([people.admin.id]);
    const self = `/api/v1/users/${people.admin.id}`;
    const demote = await a.call("PATCH", self, { role: "operator" });
    expect(demote.status).toBe(409);
    expect(demote.json.error.message).toMatch(/last active admin/);
    expect((await a.call("PATCH", self, { disabled: true })).status).toBe(409);
    // With a second admin, either may step down.
    const second = await newUser("admin");
    expect((await a.call("PATCH", `/api/v1/users/${second.id}`, { role: "approver" })).status).toBe(200);
    expect((await a.call("PATCH", self, { role: "admin", disabled: false })).status).toBe(200);
  });

  it("validates users: 400 for bad input, 409 for a taken email, 404 for an unknown id", async () => {
    const bad = await a.call("POST", "/api/v1/users", { email: "not-an-email", name: "X", password: "short", role: "boss" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/email/);
    expect(bad.json.error.message).toMatch(/password/);
    const dup = await a.call("POST", "/api/v1/users", { email: people.viewer.email, name: "Again", password: PASSWORD, role: "viewer" });
    expect(dup.status).toBe(409);
    expect((await a.call("PATCH", "/api/v1/users/nobody", { role: "viewer" })).status).toBe(404);
    expect((await a.call("PATCH", `/api/v1/users/${people.viewer.id}`, {})).status).toBe(400);
    expect((await a.call("POST", "/api/v1/tokens", { name: "" })).status).toBe(400);
  });
});

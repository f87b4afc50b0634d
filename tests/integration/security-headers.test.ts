// Security headers and the refusal of forgeable writes, over real HTTP through both front doors: Next (proxy.ts)
// and the plain listener of scripts/server.mjs that answers the agents' routes itself.
import { describe, expect, inject, it } from "vitest";
import { api, uniqueName } from "./support/api";

const EVIL = "http://evil.example";

function expectBaseHeaders(h: Headers) {
  expect(h.get("x-content-type-options")).toBe("nosniff");
  expect(h.get("x-frame-options")).toBe("DENY");
  expect(h.get("referrer-policy")).toBe("same-origin");
  expect(h.get("content-security-policy")).toContain("frame-ancestors 'none'");
  expect(h.get("strict-transport-security")).toBeNull(); // FLEETPRINT_URL is not https here
}

const nonceOf = (csp: string | null) => /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp ?? "")?.[1];

describe.each(inject("servers"))("security headers on $kind", ({ url, people }) => {
  const a = api(url);
  const post = (path: string, headers: Record<string, string>, body: unknown = {}) =>
    fetch(url + path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body), redirect: "manual" });

  it("pages carry a CSP whose fresh nonce is on every script Next renders", async () => {
    const [r1, r2] = await Promise.all([fetch(`${url}/sign-in`), fetch(`${url}/sign-in`)]);
    expect(r1.status).toBe(200);
    expectBaseHeaders(r1.headers);
    const csp = r1.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    const nonce = nonceOf(csp)!;
    expect(nonce).not.toBe(nonceOf(r2.headers.get("content-security-policy")));
    const scripts = (await r1.text()).match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it("JSON answers carry the headers, from Next and from the agents' front door alike", async () => {
    expectBaseHeaders((await fetch(`${url}/api/v1/openapi.json`)).headers);
    expectBaseHeaders((await fetch(`${url}/api/v1/fleets`)).headers); // 401
    const enroll = await post("/api/v1/enroll", {}, { secret: "fpe_nope", hostname: "ghost-01" }); // no Origin: agents send none
    expect(enroll.status).toBe(401);
    expectBaseHeaders(enroll.headers);
    const checkin = await post("/api/v1/checkin", { authorization: "Bearer fph_nope" }, { digest: "0".repeat(64) });
    expect(checkin.status).toBe(401);
    expectBaseHeaders(checkin.headers);
  });

  it("refuses a write with neither Origin nor token, and one from another site, with 403 and the reason", async () => {
    const body = { name: uniqueName("csrf"), strategy: "mutable" };
    const bare = await post("/api/v1/fleets", {}, body);
    expect(bare.status).toBe(403);
    expect((await bare.json()).error).toEqual({ code: "forbidden", message: expect.stringMatching(/needs an Origin header/) });
    expectBaseHeaders(bare.headers);
    const foreign = await post("/api/v1/fleets", { origin: EVIL, authorization: `Bearer ${people.admin.token}` }, body);
    expect(foreign.status).toBe(403);
    expect((await foreign.json()).error.message).toBe(`Cross-origin request refused: ${EVIL} is not this site.`);
    const signIn = await post("/api/auth/sign-in/email", { origin: EVIL }, { email: people.viewer.email, password: "x" });
    expect(signIn.status).toBe(403);
    // Tokens need no Origin; this site's Origin passes on to the route's own checks.
    expect((await post("/api/v1/fleets", { authorization: `Bearer ${people.admin.token}` }, body)).status).toBe(201);
    expect((await a.call("POST", "/api/v1/fleets", { name: uniqueName("csrf"), strategy: "mutable" }, { token: null })).status).toBe(401);
  });

  it("answers a server action from another site 403, not 500", async () => {
    for (const origin of [EVIL, "null"]) {
      const r = await fetch(`${url}/sign-in`, { method: "POST", headers: { origin, "next-action": "0".repeat(42), "content-type": "text/plain;charset=UTF-8" }, body: "[]" });
      expect(r.status).toBe(403);
      expect((await r.json()).error.code).toBe("forbidden");
    }
  });

  it("leaves the provider callback to its signature check (no Origin needed)", async () => {
    const r = await post("/api/v1/rebuilds/00000000-0000-0000-0000-000000000000/callback", {}, { hostname: "h", status: "succeeded" });
    expect(r.status).not.toBe(403);
    expect(await r.text()).not.toMatch(/Origin/);
  });
});

// The whole permission table: every route in support/routes.ts × every kind of caller, on both databases.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ROLES, roleAtLeast, type Role } from "@/lib/server/principal";
import { BOOTSTRAP_TOKEN, api, uniqueName } from "./support/api";
import { fillPath, ROUTES, routesWithoutCase, type Fixture, type RouteCase } from "./support/routes";
import { host, report } from "./support/reports";
import { PASSWORD } from "./support/people";
import { createToken, signIn } from "@/scripts/auth-http";

const CALLERS = ["anonymous", ...ROLES, "bootstrap", "revoked token", "disabled user"] as const;
type Caller = (typeof CALLERS)[number];

/** What a caller must get: "ok" (2xx, or the route's okStatus), or the refusal. */
function expected(route: RouteCase, caller: Caller): "ok" | 401 | 403 {
  if (route.role === "public") return "ok";
  // The test servers have an admin, so the bootstrap token is past its use even where it is accepted.
  if (caller === "bootstrap") return route.bootstrap ? 403 : 401;
  if (!(ROLES as readonly string[]).includes(caller)) return 401; // anonymous, revoked, disabled
  return roleAtLeast(caller as Role, route.role) ? "ok" : 403;
}

it("has a case for every route people may call (lib/server/api-routes.ts)", () => {
  expect(routesWithoutCase()).toEqual([]);
});

describe.each(inject("servers"))("roles on $kind", ({ url, people, kind }) => {
  const a = api(url);
  const emailOf = new Map([people.admin, people.operator, people.approver, people.viewer].map((p) => [p.token, p.email]));
  const f: Fixture = {
    url,
    kind,
    fleet: uniqueName("roles"),
    host: "r-1",
    specYaml: "",
    userId: "",
    adminToken: people.admin.token,
    operatorToken: people.operator.token,
    secondAdminToken: "",
    sessionOf: (token) => signIn(url, emailOf.get(token)!, PASSWORD),
  };
  let secondAdminId = "";
  const tokens: Record<Caller, string | null> = {
    anonymous: null,
    viewer: people.viewer.token,
    operator: people.operator.token,
    approver: people.approver.token,
    admin: people.admin.token,
    bootstrap: BOOTSTRAP_TOKEN,
    "revoked token": people.revokedToken,
    "disabled user": people.disabled.token,
  };

  beforeAll(async () => {
    expect((await a.call("POST", "/api/v1/fleets", { name: f.fleet, strategy: "mutable" })).status).toBe(201);
    const { secret } = (await a.call("POST", `/api/v1/fleets/${f.fleet}/enroll-secrets`)).json;
    for (const name of ["r-1", "r-2"]) {
      const { hostKey } = (await a.call("POST", "/api/v1/enroll", { secret, hostname: name }, { token: null })).json;
      expect((await a.call("POST", "/api/v1/fingerprints", report(host(name)), { token: hostKey })).status).toBe(202);
    }
    expect((await a.call("POST", `/api/v1/fleets/${f.fleet}/spec/capture`, { hostname: "r-1" })).status).toBe(201);
    f.specYaml = (await a.call("GET", `/api/v1/fleets/${f.fleet}/spec`, undefined, { headers: { accept: "application/yaml" } })).text;
    const target = await a.call("POST", "/api/v1/users", { email: `${uniqueName("target")}@roles.test`, name: "Target", password: "roles-password-1", role: "viewer" });
    f.userId = target.json.id;
    // A second admin for the policy four-eyes routes; disabled afterwards, so other suites still see one active admin.
    const second = await a.call("POST", "/api/v1/users", { email: `${uniqueName("admin2")}@roles.test`, name: "Second admin", password: PASSWORD, role: "admin" });
    secondAdminId = second.json.id;
    f.secondAdminToken = (await createToken(url, await signIn(url, second.json.email, PASSWORD), "roles-second-admin")).token;
  });
  afterAll(async () => {
    if (secondAdminId) await a.call("PATCH", `/api/v1/users/${secondAdminId}`, { disabled: true });
  });

  it.each(ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))("%s", async (_label, route) => {
    const got: Record<string, string> = {};
    const want: Record<string, string> = {};
    for (const caller of CALLERS) {
      const token = tokens[caller];
      const prepared = route.prepare ? await route.prepare(f, ROLES.includes(caller as Role) ? token : null) : null;
      const path = prepared?.path ?? fillPath(route.path, f);
      const body = prepared ? prepared.body : route.body;
      const raw = prepared ? prepared.raw : route.raw;
      const r = await a.call(route.method, path, body, { token, raw });
      const e = expected(route, caller);
      const okStatus = typeof route.okStatus === "function" ? route.okStatus(f) : route.okStatus;
      const isOk = okStatus ? r.status === okStatus : r.status >= 200 && r.status < 300;
      want[caller] = String(e);
      got[caller] = e === "ok" && isOk ? "ok" : String(r.status);
      // Refusals explain themselves: what to send, or which role is needed.
      if (r.status === 401 && e === 401) expect(r.json?.error?.message).toMatch(/Sign in or send an API token/);
      if (r.status === 403 && e === 403 && caller === "bootstrap") expect(r.json?.error?.message).toMatch(/An admin already exists/);
      else if (r.status === 403 && e === 403) expect(r.json?.error?.message).toMatch(new RegExp(`Needs role ${route.role}; you are ${caller}`));
    }
    expect(got).toEqual(want);
  });
});

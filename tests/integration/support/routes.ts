// Every route that needs a person, with the least role that may call it: roles.test.ts turns this list into the
// full table route × caller → 401/403/2xx. A new route needs one line here.
import type { Role } from "../../../lib/server/principal";
import { createToken } from "../../../scripts/auth-http";

/** Things on the test server that routes can point at (set up once per server by roles.test.ts). */
export interface Fixture {
  url: string;
  fleet: string; // has enrolled hosts and a spec
  host: string; // a host of `fleet` with a fingerprint
  specYaml: string; // a valid spec for PUT
  userId: string; // a viewer that admins may PATCH (the change keeps it a viewer)
  adminToken: string; // to prepare resources a call consumes
  operatorToken: string; // requests rebuilds that other people decide on
  secondAdminToken: string; // requests policy changes the admin decides on
  sessionOf: (token: string) => Promise<string>; // the session cookie of the person a token belongs to
}

export interface Call {
  path: string;
  body?: unknown;
  raw?: string;
}

export interface RouteCase {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Shown in the table; {fleet}, {host} and {userId} are filled from the Fixture. */
  path: string;
  role: Role | "public";
  /** The bootstrap admin token is accepted too, while no active admin exists (only POST /users). */
  bootstrap?: true;
  body?: unknown;
  raw?: string;
  /** Builds the request per caller, for calls that consume something (a secret to revoke, a unique name). */
  prepare?: (f: Fixture, callerToken: string | null) => Promise<Call> | Call;
  /** Status an allowed caller gets, when not 2xx. */
  okStatus?: number;
}

let n = 0;
const unique = (p: string) => `${p}-${Date.now().toString(36)}-${(n++).toString(36)}`;

async function post(f: Fixture, path: string, token: string, body?: unknown) {
  const r = await fetch(f.url + path, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body ?? {}) });
  if (!r.ok) throw new Error(`prepare ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

export const ROUTES: RouteCase[] = [
  { method: "GET", path: "/api/v1/openapi.json", role: "public" },
  { method: "GET", path: "/agent.sh", role: "public" },

  { method: "GET", path: "/api/v1/fleets", role: "viewer" },
  { method: "GET", path: "/api/v1/fleets/{fleet}/spec", role: "viewer" },
  { method: "GET", path: "/api/v1/hosts", role: "viewer" },
  { method: "GET", path: "/api/v1/hosts/{host}?fleet={fleet}", role: "viewer" },
  { method: "GET", path: "/api/v1/hosts/{host}/drift?fleet={fleet}", role: "viewer" },
  { method: "GET", path: "/api/v1/hosts/{host}/snowflake?fleet={fleet}", role: "viewer" },
  { method: "GET", path: "/api/v1/hosts/{host}/diff?fleet={fleet}&against=spec", role: "viewer" },
  { method: "GET", path: "/api/v1/tokens", role: "viewer" },
  // API tokens cannot mint API tokens: every allowed caller here holds one, so each gets 403 (sessions may: api-people).
  { method: "POST", path: "/api/v1/tokens", role: "viewer", body: { name: "roles-table" }, okStatus: 403 },
  {
    method: "DELETE",
    path: "/api/v1/tokens/{own token}",
    role: "viewer",
    prepare: async (f, token) => {
      // Callers who cannot make a token (anonymous, refused tokens) aim at a made-up id: they must get 401 first.
      if (!token) return { path: "/api/v1/tokens/999999" };
      return { path: `/api/v1/tokens/${(await createToken(f.url, await f.sessionOf(token), "to-revoke")).id}` };
    },
  },

  { method: "PUT", path: "/api/v1/fleets/{fleet}/spec", role: "operator", prepare: (f) => ({ path: `/api/v1/fleets/${f.fleet}/spec`, raw: f.specYaml }) },
  { method: "POST", path: "/api/v1/fleets/{fleet}/spec/capture", role: "operator", prepare: (f) => ({ path: `/api/v1/fleets/${f.fleet}/spec/capture`, body: { hostname: f.host } }) },

  { method: "POST", path: "/api/v1/fleets", role: "admin", prepare: () => ({ path: "/api/v1/fleets", body: { name: unique("roles"), strategy: "mutable" } }) },
  { method: "POST", path: "/api/v1/fleets/{fleet}/enroll-secrets", role: "admin" },
  {
    method: "DELETE",
    path: "/api/v1/fleets/{fleet}/enroll-secrets/{id}",
    role: "admin",
    prepare: async (f) => ({ path: `/api/v1/fleets/${f.fleet}/enroll-secrets/${(await post(f, `/api/v1/fleets/${f.fleet}/enroll-secrets`, f.adminToken)).id}` }),
  },
  { method: "GET", path: "/api/v1/users", role: "admin" },
  {
    method: "POST",
    path: "/api/v1/users",
    role: "admin",
    bootstrap: true,
    prepare: () => ({ path: "/api/v1/users", body: { email: `${unique("u")}@roles.test`, name: "Roles table", password: "roles-password-1", role: "viewer" } }),
  },
  { method: "PATCH", path: "/api/v1/users/{userId}", role: "admin", body: { role: "viewer" } },
];

/** A fresh pending rebuild request of `f.host`, requested by `token` (or the operator). */
async function pendingRebuild(f: Fixture, token: string | null): Promise<string> {
  const r = await post(f, "/api/v1/rebuilds", token ?? f.operatorToken, { hosts: [f.host], reason: "roles table", fleet: f.fleet });
  return r.id;
}

ROUTES.push(
  { method: "GET", path: "/api/v1/rebuilds", role: "viewer" },
  { method: "POST", path: "/api/v1/rebuilds", role: "operator", prepare: (f) => ({ path: "/api/v1/rebuilds", body: { hosts: [f.host], reason: "roles table", fleet: f.fleet } }) },
  { method: "GET", path: "/api/v1/rebuilds/{id}", role: "viewer", prepare: async (f) => ({ path: `/api/v1/rebuilds/${await pendingRebuild(f, null)}` }) },
  // Approve/reject: requested by the operator, so approvers and admins are not deciding on their own request.
  { method: "POST", path: "/api/v1/rebuilds/{id}/approve", role: "approver", prepare: async (f) => ({ path: `/api/v1/rebuilds/${await pendingRebuild(f, null)}/approve`, body: {} }) },
  { method: "POST", path: "/api/v1/rebuilds/{id}/reject", role: "approver", prepare: async (f) => ({ path: `/api/v1/rebuilds/${await pendingRebuild(f, null)}/reject`, body: { comment: "not now" } }) },
  // Cancel: callers who may request cancel their own request.
  {
    method: "POST",
    path: "/api/v1/rebuilds/{id}/cancel",
    role: "operator",
    prepare: async (f, token) => {
      const own = token && (await fetch(`${f.url}/api/v1/rebuilds`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ hosts: [f.host], reason: "mine", fleet: f.fleet }) }));
      const id = own && own.status === 201 ? (await own.json()).id : await pendingRebuild(f, null);
      return { path: `/api/v1/rebuilds/${id}/cancel` };
    },
  },
  { method: "GET", path: "/api/v1/fleets/{fleet}/policy", role: "viewer" },
  { method: "PUT", path: "/api/v1/fleets/{fleet}/policy", role: "admin", body: { batchSize: 3, requestTtlHours: 48 } },
  { method: "GET", path: "/api/v1/audit?action=rebuild.", role: "admin" },
  { method: "GET", path: "/api/v1/exports/drift?fleet={fleet}&format=csv", role: "viewer" },
);

export function fillPath(path: string, f: Fixture): string {
  return path.replaceAll("{fleet}", f.fleet).replaceAll("{host}", f.host).replaceAll("{userId}", f.userId);
}

ROUTES.push(
  { method: "GET", path: "/api/v1/fleets/{fleet}/history?days=30", role: "viewer" },
  { method: "GET", path: "/api/v1/hosts/{host}/history?fleet={fleet}", role: "viewer" },
  { method: "GET", path: "/api/v1/hosts/{host}/diff?fleet={fleet}&against=spec&format=csv", role: "viewer" },
);

/** A fresh alert channel of `f.fleet` (made by the admin), for routes that change or use one. */
async function alertChannel(f: Fixture): Promise<number> {
  // Port 1 is one fetch refuses to call: a test message fails at once, without waiting on the network.
  return (await post(f, `/api/v1/fleets/${f.fleet}/alerts`, f.adminToken, { name: unique("roles"), kind: "slack", url: "http://127.0.0.1:1/hook", events: ["rebuild-failed"] })).id;
}

ROUTES.push(
  { method: "GET", path: "/api/v1/fleets/{fleet}/alerts", role: "viewer" },
  { method: "GET", path: "/api/v1/fleets/{fleet}/alerts/deliveries?status=failed", role: "viewer" },
  { method: "POST", path: "/api/v1/fleets/{fleet}/alerts", role: "admin", prepare: (f) => ({ path: `/api/v1/fleets/${f.fleet}/alerts`, body: { name: unique("roles"), kind: "slack", urlEnv: "ROLES_SLACK_URL" } }) },
  { method: "PATCH", path: "/api/v1/fleets/{fleet}/alerts/{id}", role: "admin", prepare: async (f) => ({ path: `/api/v1/fleets/${f.fleet}/alerts/${await alertChannel(f)}`, body: { groupSeconds: 30 } }) },
  { method: "DELETE", path: "/api/v1/fleets/{fleet}/alerts/{id}", role: "admin", prepare: async (f) => ({ path: `/api/v1/fleets/${f.fleet}/alerts/${await alertChannel(f)}` }) },
  { method: "POST", path: "/api/v1/fleets/{fleet}/alerts/{id}/test", role: "admin", prepare: async (f) => ({ path: `/api/v1/fleets/${f.fleet}/alerts/${await alertChannel(f)}/test` }) },
);

/** A freshly enrolled host of `f.fleet` (its own hostname), for routes that revoke or delete one. */
async function freshHost(f: Fixture): Promise<string> {
  const { secret } = await post(f, `/api/v1/fleets/${f.fleet}/enroll-secrets`, f.adminToken);
  const hostname = unique("roles-host");
  const r = await fetch(`${f.url}/api/v1/enroll`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ secret, hostname, machineId: null }) });
  if (r.status !== 201) throw new Error(`prepare enroll: ${r.status} ${await r.text()}`);
  return hostname;
}

ROUTES.push(
  { method: "POST", path: "/api/v1/hosts/{host}/revoke-key?fleet={fleet}", role: "admin", prepare: async (f) => ({ path: `/api/v1/hosts/${await freshHost(f)}/revoke-key?fleet=${f.fleet}` }) },
  { method: "DELETE", path: "/api/v1/hosts/{host}?fleet={fleet}", role: "admin", prepare: async (f) => ({ path: `/api/v1/hosts/${await freshHost(f)}?fleet=${f.fleet}` }) },
  {
    method: "DELETE",
    path: "/api/v1/fleets/{fleet}/enroll-secrets/{id}?revokeKeys=true",
    role: "admin",
    prepare: async (f) => ({ path: `/api/v1/fleets/${f.fleet}/enroll-secrets/${(await post(f, `/api/v1/fleets/${f.fleet}/enroll-secrets`, f.adminToken)).id}?revokeKeys=true` }),
  },
);

/** Puts `body` as the fleet's policy with `token`; `want` is the status that must come back. */
async function putPolicy(f: Fixture, token: string, body: unknown, want: number) {
  const r = await fetch(`${f.url}/api/v1/fleets/${f.fleet}/policy`, { method: "PUT", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  if (r.status !== want) throw new Error(`prepare policy: ${r.status} ${await r.text()}`);
  return r.json();
}

/**
 * A pending policy change of `f.fleet` requested by the second admin, so the admin decides on someone else's.
 * Automatic rebuilds on a mutable fleet without a provider: sensitive by rule, harmless here.
 */
async function pendingPolicyChange(f: Fixture): Promise<number> {
  await putPolicy(f, f.secondAdminToken, { autoRebuild: false }, 200);
  return (await putPolicy(f, f.secondAdminToken, { autoRebuild: true }, 202)).pending.id;
}

ROUTES.push(
  { method: "GET", path: "/api/v1/fleets/{fleet}/policy-changes", role: "viewer" },
  {
    method: "PUT",
    path: "/api/v1/fleets/{fleet}/policy (a sensitive change waits: 202)",
    role: "admin",
    okStatus: 202,
    prepare: async (f) => {
      await putPolicy(f, f.adminToken, { autoRebuild: false }, 200);
      return { path: `/api/v1/fleets/${f.fleet}/policy`, body: { autoRebuild: true } };
    },
  },
  { method: "POST", path: "/api/v1/fleets/{fleet}/policy-changes/{id}/approve", role: "admin", prepare: async (f) => ({ path: `/api/v1/fleets/${f.fleet}/policy-changes/${await pendingPolicyChange(f)}/approve` }) },
  { method: "POST", path: "/api/v1/fleets/{fleet}/policy-changes/{id}/reject", role: "admin", prepare: async (f) => ({ path: `/api/v1/fleets/${f.fleet}/policy-changes/${await pendingPolicyChange(f)}/reject` }) },
);

// How to call each route of lib/server/api-routes.ts that a person (or anyone) may call: roles.test.ts turns these
// into the full table route × caller → 401/403/2xx, with the least role taken from that list (the same list the
// OpenAPI document is generated from). A new route needs a line there and a case here; roles.test.ts fails otherwise.
import { API_ROUTES, findRoute } from "../../../lib/server/api-routes";
import { ROLES, type Role } from "../../../lib/server/principal";
import { createToken } from "../../../scripts/auth-http";

/** Things on the test server that routes can point at (set up once per server by roles.test.ts). */
export interface Fixture {
  url: string;
  kind: "pglite" | "postgres"; // the database behind the server
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

interface CaseSpec {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Shown in the table; {fleet}, {host} and {userId} are filled from the Fixture; a trailing " (…)" says which case. */
  path: string;
  body?: unknown;
  raw?: string;
  /** Builds the request per caller, for calls that consume something (a secret to revoke, a unique name). */
  prepare?: (f: Fixture, callerToken: string | null) => Promise<Call> | Call;
  /** Status an allowed caller gets, when not 2xx (per database when a function). */
  okStatus?: number | ((f: Fixture) => number | undefined);
}

export interface RouteCase extends CaseSpec {
  /** The route of API_ROUTES this case calls. */
  route: string;
  role: Role | "public";
  /** The bootstrap admin token is accepted too, while no active admin exists (only POST /users). */
  bootstrap?: true;
}

let n = 0;
const unique = (p: string) => `${p}-${Date.now().toString(36)}-${(n++).toString(36)}`;

async function post(f: Fixture, path: string, token: string, body?: unknown, alsoOk: number[] = []) {
  const r = await fetch(f.url + path, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body ?? {}) });
  if (!r.ok && !alsoOk.includes(r.status)) throw new Error(`prepare ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

const CASES: CaseSpec[] = [
  { method: "GET", path: "/api/v1/openapi.json" },
  // The embedded database's dump; on PostgreSQL the answer is 409 with the pg_dump advice.
  { method: "GET", path: "/api/v1/backup", okStatus: (f) => (f.kind === "postgres" ? 409 : undefined) },
  { method: "GET", path: "/agent.sh" },
  { method: "GET", path: "/api/healthz" },
  { method: "GET", path: "/api/readyz" },

  { method: "GET", path: "/api/v1/fleets" },
  { method: "GET", path: "/api/v1/fleets/{fleet}/spec" },
  { method: "GET", path: "/api/v1/hosts" },
  { method: "GET", path: "/api/v1/hosts/{host}?fleet={fleet}" },
  { method: "GET", path: "/api/v1/hosts/{host}/drift?fleet={fleet}" },
  { method: "GET", path: "/api/v1/hosts/{host}/snowflake?fleet={fleet}" },
  { method: "GET", path: "/api/v1/hosts/{host}/diff?fleet={fleet}&against=spec" },
  { method: "GET", path: "/api/v1/hosts/{host}/configs/diff?fleet={fleet}&path=/etc/passwd" },
  { method: "GET", path: "/api/v1/tokens" },
  // API tokens cannot mint API tokens: every allowed caller here holds one, so each gets 403 (sessions may: api-people).
  { method: "POST", path: "/api/v1/tokens", body: { name: "roles-table" }, okStatus: 403 },
  {
    method: "DELETE",
    path: "/api/v1/tokens/{own token}",
    prepare: async (f, token) => {
      // Callers who cannot make a token (anonymous, refused tokens) aim at a made-up id: they must get 401 first.
      if (!token) return { path: "/api/v1/tokens/999999" };
      return { path: `/api/v1/tokens/${(await createToken(f.url, await f.sessionOf(token), "to-revoke")).id}` };
    },
  },

  { method: "PUT", path: "/api/v1/fleets/{fleet}/spec", prepare: (f) => ({ path: `/api/v1/fleets/${f.fleet}/spec`, raw: f.specYaml }) },
  // Every allowed caller imports the same host again (its record continues).
  {
    method: "POST",
    path: "/api/v1/imports?format=cyclonedx&fleet={fleet}&hostname=roles-import",
    body: { bomFormat: "CycloneDX", specVersion: "1.5", version: 1, components: [{ type: "library", name: "bash", version: "5.2.15-2+b8", purl: "pkg:deb/debian/bash@5.2.15-2%2Bb8?arch=amd64&distro=debian-12" }] },
  },
  { method: "POST", path: "/api/v1/fleets/{fleet}/spec/capture", prepare: (f) => ({ path: `/api/v1/fleets/${f.fleet}/spec/capture`, body: { hostname: f.host } }) },
  // Spec editing: dry runs change nothing, so every allowed caller gets the same answer.
  { method: "POST", path: "/api/v1/fleets/{fleet}/spec/preview", prepare: (f) => ({ path: `/api/v1/fleets/${f.fleet}/spec/preview`, body: { yaml: f.specYaml } }) },
  { method: "POST", path: "/api/v1/fleets/{fleet}/spec/edit", prepare: (f) => ({ path: `/api/v1/fleets/${f.fleet}/spec/edit`, body: { yaml: f.specYaml, dryRun: true } }) },
  { method: "POST", path: "/api/v1/fleets/{fleet}/spec/adopt", body: { item: { kind: "package-extra", subject: "roles-table-pkg", value: "1.0" }, dryRun: true } },
  { method: "GET", path: "/api/v1/fleets/{fleet}/spec/waivers" },
  { method: "POST", path: "/api/v1/fleets/{fleet}/spec/waivers", body: { kind: "package-extra", subject: "roles-table-pkg", reason: "roles table", dryRun: true } },
  { method: "DELETE", path: "/api/v1/fleets/{fleet}/spec/waivers", body: { package: "roles-table-pkg", dryRun: true }, okStatus: 404 },
  { method: "GET", path: "/api/v1/fleets/{fleet}/spec/versions" },
  { method: "GET", path: "/api/v1/fleets/{fleet}/spec/diff?from=1&to=1" },

  { method: "POST", path: "/api/v1/fleets", prepare: () => ({ path: "/api/v1/fleets", body: { name: unique("roles"), strategy: "mutable" } }) },
  { method: "POST", path: "/api/v1/fleets/{fleet}/enroll-secrets" },
  {
    method: "DELETE",
    path: "/api/v1/fleets/{fleet}/enroll-secrets/{id}",
    prepare: async (f) => ({ path: `/api/v1/fleets/${f.fleet}/enroll-secrets/${(await post(f, `/api/v1/fleets/${f.fleet}/enroll-secrets`, f.adminToken)).id}` }),
  },
  { method: "GET", path: "/api/v1/users" },
  {
    method: "POST",
    path: "/api/v1/users",
    prepare: () => ({ path: "/api/v1/users", body: { email: `${unique("u")}@roles.test`, name: "Roles table", password: "roles-password-1", role: "viewer" } }),
  },
  { method: "PATCH", path: "/api/v1/users/{userId}", body: { role: "viewer" } },
];

/** One rebuild at a time per host: the admin cancels whatever request still holds `f.host`. */
async function freeHost(f: Fixture) {
  const open = await fetch(`${f.url}/api/v1/rebuilds?fleet=${encodeURIComponent(f.fleet)}&status=pending,approved,running,verifying`, { headers: { authorization: `Bearer ${f.adminToken}` } });
  if (!open.ok) throw new Error(`prepare: list open rebuilds: ${open.status} ${await open.text()}`);
  for (const r of (await open.json()).rebuilds as { id: string; hosts: { hostname: string }[] }[]) {
    // 409: it ended between the list and the cancel (an approved request the worker ran and failed: no provider).
    if (r.hosts.some((h) => h.hostname === f.host)) await post(f, `/api/v1/rebuilds/${r.id}/cancel`, f.adminToken, undefined, [409]);
  }
}

/** A fresh pending rebuild request of `f.host`, requested by `token` (or the operator). */
async function pendingRebuild(f: Fixture, token: string | null): Promise<string> {
  await freeHost(f);
  const r = await post(f, "/api/v1/rebuilds", token ?? f.operatorToken, { hosts: [f.host], reason: "roles table", fleet: f.fleet });
  return r.id;
}

CASES.push(
  { method: "GET", path: "/api/v1/rebuilds" },
  {
    method: "POST",
    path: "/api/v1/rebuilds",
    prepare: async (f) => {
      await freeHost(f);
      return { path: "/api/v1/rebuilds", body: { hosts: [f.host], reason: "roles table", fleet: f.fleet } };
    },
  },
  { method: "GET", path: "/api/v1/rebuilds/{id}", prepare: async (f) => ({ path: `/api/v1/rebuilds/${await pendingRebuild(f, null)}` }) },
  // Approve/reject: requested by the operator, so approvers and admins are not deciding on their own request.
  { method: "POST", path: "/api/v1/rebuilds/{id}/approve", prepare: async (f) => ({ path: `/api/v1/rebuilds/${await pendingRebuild(f, null)}/approve`, body: {} }) },
  { method: "POST", path: "/api/v1/rebuilds/{id}/reject", prepare: async (f) => ({ path: `/api/v1/rebuilds/${await pendingRebuild(f, null)}/reject`, body: { comment: "not now" } }) },
  // Cancel: callers who may request cancel their own request.
  {
    method: "POST",
    path: "/api/v1/rebuilds/{id}/cancel",
    prepare: async (f, token) => {
      await freeHost(f);
      const own = token && (await fetch(`${f.url}/api/v1/rebuilds`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ hosts: [f.host], reason: "mine", fleet: f.fleet }) }));
      const id = own && own.status === 201 ? (await own.json()).id : await pendingRebuild(f, null);
      return { path: `/api/v1/rebuilds/${id}/cancel` };
    },
  },
  { method: "GET", path: "/api/v1/fleets/{fleet}/policy" },
  { method: "PUT", path: "/api/v1/fleets/{fleet}/policy", body: { batchSize: 3, requestTtlHours: 48 } },
  { method: "GET", path: "/api/v1/audit?action=rebuild." },
  { method: "GET", path: "/api/v1/exports/drift?fleet={fleet}&format=csv" },
);

export function fillPath(path: string, f: Fixture): string {
  return path.replaceAll("{fleet}", f.fleet).replaceAll("{host}", f.host).replaceAll("{userId}", f.userId);
}

CASES.push(
  { method: "GET", path: "/api/v1/fleets/{fleet}/history?days=30" },
  { method: "GET", path: "/api/v1/fleets/{fleet}/drift" },
  { method: "GET", path: "/api/v1/hosts/{host}/history?fleet={fleet}" },
  { method: "GET", path: "/api/v1/hosts/{host}/diff?fleet={fleet}&against=spec&format=csv" },
);

/** A fresh alert channel of `f.fleet` (made by the admin), for routes that change or use one. */
async function alertChannel(f: Fixture): Promise<number> {
  // Port 1 is one fetch refuses to call: a test message fails at once, without waiting on the network.
  return (await post(f, `/api/v1/fleets/${f.fleet}/alerts`, f.adminToken, { name: unique("roles"), kind: "slack", url: "http://127.0.0.1:1/hook", events: ["rebuild-failed"] })).id;
}

CASES.push(
  { method: "GET", path: "/api/v1/fleets/{fleet}/alerts" },
  { method: "GET", path: "/api/v1/fleets/{fleet}/alerts/deliveries?status=failed" },
  { method: "POST", path: "/api/v1/fleets/{fleet}/alerts", prepare: (f) => ({ path: `/api/v1/fleets/${f.fleet}/alerts`, body: { name: unique("roles"), kind: "slack", urlEnv: "ROLES_SLACK_URL" } }) },
  { method: "PATCH", path: "/api/v1/fleets/{fleet}/alerts/{id}", prepare: async (f) => ({ path: `/api/v1/fleets/${f.fleet}/alerts/${await alertChannel(f)}`, body: { groupSeconds: 30 } }) },
  { method: "DELETE", path: "/api/v1/fleets/{fleet}/alerts/{id}", prepare: async (f) => ({ path: `/api/v1/fleets/${f.fleet}/alerts/${await alertChannel(f)}` }) },
  { method: "POST", path: "/api/v1/fleets/{fleet}/alerts/{id}/test", prepare: async (f) => ({ path: `/api/v1/fleets/${f.fleet}/alerts/${await alertChannel(f)}/test` }) },
);

/** A freshly enrolled host of `f.fleet` (its own hostname), for routes that revoke or delete one. */
async function freshHost(f: Fixture): Promise<string> {
  const { secret } = await post(f, `/api/v1/fleets/${f.fleet}/enroll-secrets`, f.adminToken);
  const hostname = unique("roles-host");
  const r = await fetch(`${f.url}/api/v1/enroll`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ secret, hostname, machineId: null }) });
  if (r.status !== 201) throw new Error(`prepare enroll: ${r.status} ${await r.text()}`);
  return hostname;
}

/** What `fleetprint-agent --image … --print` prints for an empty image; a fresh digest per call (each is stored). */
const imageReport = () => ({
  schema: 1,
  agentVersion: "1.0.0",
  hostname: "image",
  machineId: null,
  collectedAt: new Date().toISOString(),
  os: { id: "debian", versionId: "12", prettyName: "Debian GNU/Linux 12 (bookworm)", kernel: null, arch: "amd64" },
  packages: [],
  configs: [],
  image: { digest: `sha256:${[...Array(64)].map(() => "0123456789abcdef"[Math.floor(Math.random() * 16)]).join("")}`, tag: null, format: "oci" },
});

CASES.push(
  { method: "GET", path: "/api/v1/images?fleet={fleet}" },
  { method: "POST", path: "/api/v1/images?fleet={fleet}", prepare: (f) => ({ path: `/api/v1/images?fleet=${f.fleet}`, body: imageReport() }) },
  { method: "POST", path: "/api/v1/hosts/{host}/revoke-key?fleet={fleet}", prepare: async (f) => ({ path: `/api/v1/hosts/${await freshHost(f)}/revoke-key?fleet=${f.fleet}` }) },
  { method: "DELETE", path: "/api/v1/hosts/{host}?fleet={fleet}", prepare: async (f) => ({ path: `/api/v1/hosts/${await freshHost(f)}?fleet=${f.fleet}` }) },
  {
    method: "DELETE",
    path: "/api/v1/fleets/{fleet}/enroll-secrets/{id}?revokeKeys=true",
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

CASES.push(
  { method: "GET", path: "/api/v1/fleets/{fleet}/policy-changes" },
  {
    method: "PUT",
    path: "/api/v1/fleets/{fleet}/policy (a sensitive change waits: 202)",
    okStatus: 202,
    prepare: async (f) => {
      await putPolicy(f, f.adminToken, { autoRebuild: false }, 200);
      return { path: `/api/v1/fleets/${f.fleet}/policy`, body: { autoRebuild: true } };
    },
  },
  { method: "POST", path: "/api/v1/fleets/{fleet}/policy-changes/{id}/approve", prepare: async (f) => ({ path: `/api/v1/fleets/${f.fleet}/policy-changes/${await pendingPolicyChange(f)}/approve` }) },
  { method: "POST", path: "/api/v1/fleets/{fleet}/policy-changes/{id}/reject", prepare: async (f) => ({ path: `/api/v1/fleets/${f.fleet}/policy-changes/${await pendingPolicyChange(f)}/reject` }) },
);

/** The API_ROUTES path a case calls: its query and " (…)" dropped, the Fixture's names turned back into the route's. */
export function routePathOf(casePath: string): string {
  return casePath
    .replace(/ \(.*\)$/, "")
    .replace(/\?.*$/, "")
    .replaceAll("{fleet}", "{name}")
    .replaceAll("{host}", "{hostname}")
    .replaceAll("{userId}", "{id}")
    .replaceAll("{own token}", "{id}");
}

/** A route anyone or a person may call (not a host key, an enroll secret or a signature). */
const forPeople = (access: string): access is Role | "public" => access === "public" || (ROLES as readonly string[]).includes(access);

function withAccess(c: CaseSpec): RouteCase {
  const r = findRoute(c.method, routePathOf(c.path));
  if (!r) throw new Error(`roles table: ${c.method} ${c.path} is not in lib/server/api-routes.ts`);
  if (!forPeople(r.access)) throw new Error(`roles table: ${c.method} ${c.path} is not called by people (${r.access})`);
  return { ...c, route: `${r.method} ${r.path}`, role: r.access, ...(r.bootstrap ? { bootstrap: true as const } : {}) };
}

export const ROUTES: RouteCase[] = CASES.map(withAccess);

/** Routes people (or anyone) may call that have no case: each must be in the table. better-auth's own are tested in api-people. */
export function routesWithoutCase(): string[] {
  const covered = new Set(ROUTES.map((c) => c.route));
  return API_ROUTES.filter((r) => forPeople(r.access) && !r.path.startsWith("/api/auth/"))
    .map((r) => `${r.method} ${r.path}`)
    .filter((k) => !covered.has(k));
}

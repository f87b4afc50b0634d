import "server-only";
// Every HTTP route the app serves outside its pages, with who may call it. One list, three readers: the OpenAPI
// document is generated from it (openapi.ts), the permission table test turns it into route × caller
// (tests/integration/roles.test.ts), and a unit test holds it equal to the route files under app/ (api-routes.test.ts).
import type { Role } from "./principal";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * A person's least role (roles add up: viewer < operator < approver < admin), or a credential that is not a person:
 * "public" (none), "host-key" (the key /enroll returned), "enroll-secret" (in the body), "signature" (an HMAC of the
 * body with the fleet's webhook secret), "metrics-token" (FLEETPRINT_METRICS_TOKEN).
 */
export type Access = Role | "public" | "host-key" | "enroll-secret" | "signature" | "metrics-token";

export interface ApiRoute {
  method: Method;
  /** The URL path, with OpenAPI's {param} where the route file's folder has [param]. */
  path: string;
  access: Access;
  /** Where the handler lives, when the path does not spell it (a catch-all). */
  file?: string;
  /** Only POST /users: the bootstrap admin token is accepted too, while no active admin exists. */
  bootstrap?: true;
}

const AUTH_FILE = "app/api/auth/[...all]/route.ts";

export const API_ROUTES: readonly ApiRoute[] = [
  { method: "GET", path: "/agent.sh", access: "public" },
  { method: "GET", path: "/api/v1/openapi.json", access: "public" },
  // Operate (README): health for load balancers and orchestrators, metrics for Prometheus.
  { method: "GET", path: "/api/healthz", access: "public" },
  { method: "GET", path: "/api/readyz", access: "public" },
  { method: "GET", path: "/metrics", access: "metrics-token" },
  // better-auth's endpoints under one catch-all; these are the ones the app and scripts use.
  { method: "POST", path: "/api/auth/sign-in/email", access: "public", file: AUTH_FILE },
  { method: "POST", path: "/api/auth/sign-out", access: "public", file: AUTH_FILE },
  { method: "GET", path: "/api/auth/get-session", access: "public", file: AUTH_FILE },

  { method: "POST", path: "/api/v1/enroll", access: "enroll-secret" },
  { method: "POST", path: "/api/v1/checkin", access: "host-key" },
  { method: "POST", path: "/api/v1/fingerprints", access: "host-key" },
  { method: "POST", path: "/api/v1/contents", access: "host-key" },
  { method: "POST", path: "/api/v1/rebuilds/{id}/callback", access: "signature" },
  { method: "POST", path: "/api/v1/rebuilds/dispatched", access: "signature" },

  { method: "GET", path: "/api/v1/fleets", access: "viewer" },
  { method: "POST", path: "/api/v1/fleets", access: "admin" },
  { method: "POST", path: "/api/v1/fleets/{name}/enroll-secrets", access: "admin" },
  { method: "DELETE", path: "/api/v1/fleets/{name}/enroll-secrets/{id}", access: "admin" },
  { method: "GET", path: "/api/v1/fleets/{name}/spec", access: "viewer" },
  { method: "PUT", path: "/api/v1/fleets/{name}/spec", access: "operator" },
  { method: "POST", path: "/api/v1/fleets/{name}/spec/capture", access: "operator" },
  { method: "POST", path: "/api/v1/fleets/{name}/spec/preview", access: "viewer" },
  { method: "POST", path: "/api/v1/fleets/{name}/spec/edit", access: "operator" },
  { method: "POST", path: "/api/v1/fleets/{name}/spec/adopt", access: "operator" },
  { method: "GET", path: "/api/v1/fleets/{name}/spec/waivers", access: "viewer" },
  { method: "POST", path: "/api/v1/fleets/{name}/spec/waivers", access: "operator" },
  { method: "DELETE", path: "/api/v1/fleets/{name}/spec/waivers", access: "operator" },
  { method: "GET", path: "/api/v1/fleets/{name}/spec/versions", access: "viewer" },
  { method: "GET", path: "/api/v1/fleets/{name}/spec/diff", access: "viewer" },
  { method: "GET", path: "/api/v1/fleets/{name}/history", access: "viewer" },
  { method: "GET", path: "/api/v1/fleets/{name}/drift", access: "viewer" },
  { method: "GET", path: "/api/v1/fleets/{name}/policy", access: "viewer" },
  { method: "PUT", path: "/api/v1/fleets/{name}/policy", access: "admin" },
  { method: "GET", path: "/api/v1/fleets/{name}/policy-changes", access: "viewer" },
  { method: "POST", path: "/api/v1/fleets/{name}/policy-changes/{id}/approve", access: "admin" },
  { method: "POST", path: "/api/v1/fleets/{name}/policy-changes/{id}/reject", access: "admin" },
  { method: "GET", path: "/api/v1/fleets/{name}/alerts", access: "viewer" },
  { method: "POST", path: "/api/v1/fleets/{name}/alerts", access: "admin" },
  { method: "PATCH", path: "/api/v1/fleets/{name}/alerts/{id}", access: "admin" },
  { method: "DELETE", path: "/api/v1/fleets/{name}/alerts/{id}", access: "admin" },
  { method: "POST", path: "/api/v1/fleets/{name}/alerts/{id}/test", access: "admin" },
  { method: "GET", path: "/api/v1/fleets/{name}/alerts/deliveries", access: "viewer" },

  { method: "POST", path: "/api/v1/imports", access: "operator" },
  { method: "GET", path: "/api/v1/hosts", access: "viewer" },
  { method: "GET", path: "/api/v1/hosts/{hostname}", access: "viewer" },
  { method: "DELETE", path: "/api/v1/hosts/{hostname}", access: "admin" },
  { method: "POST", path: "/api/v1/hosts/{hostname}/revoke-key", access: "admin" },
  { method: "GET", path: "/api/v1/hosts/{hostname}/drift", access: "viewer" },
  { method: "GET", path: "/api/v1/hosts/{hostname}/snowflake", access: "viewer" },
  { method: "GET", path: "/api/v1/hosts/{hostname}/diff", access: "viewer" },
  { method: "GET", path: "/api/v1/hosts/{hostname}/configs/diff", access: "viewer" },
  { method: "GET", path: "/api/v1/hosts/{hostname}/history", access: "viewer" },
  { method: "GET", path: "/api/v1/exports/drift", access: "viewer" },
  { method: "GET", path: "/api/v1/images", access: "viewer" },
  { method: "POST", path: "/api/v1/images", access: "operator" },

  { method: "GET", path: "/api/v1/rebuilds", access: "viewer" },
  { method: "POST", path: "/api/v1/rebuilds", access: "operator" },
  { method: "GET", path: "/api/v1/rebuilds/{id}", access: "viewer" },
  { method: "POST", path: "/api/v1/rebuilds/{id}/approve", access: "approver" },
  { method: "POST", path: "/api/v1/rebuilds/{id}/reject", access: "approver" },
  { method: "POST", path: "/api/v1/rebuilds/{id}/cancel", access: "operator" },

  { method: "GET", path: "/api/v1/tokens", access: "viewer" },
  { method: "POST", path: "/api/v1/tokens", access: "viewer" },
  { method: "DELETE", path: "/api/v1/tokens/{id}", access: "viewer" },
  { method: "GET", path: "/api/v1/users", access: "admin" },
  { method: "POST", path: "/api/v1/users", access: "admin", bootstrap: true },
  { method: "PATCH", path: "/api/v1/users/{id}", access: "admin" },
  { method: "GET", path: "/api/v1/audit", access: "admin" },
  { method: "GET", path: "/api/v1/backup", access: "admin" },
];

/** The route file that serves a route: app/<path with [param] for {param}>/route.ts, unless the route names one. */
export function routeFile(r: ApiRoute): string {
  return r.file ?? `app${r.path.replace(/\{([^}]+)\}/g, "[$1]")}/route.ts`;
}

export function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}

const BY_KEY = new Map(API_ROUTES.map((r) => [routeKey(r.method, r.path), r]));

export function findRoute(method: string, path: string): ApiRoute | undefined {
  return BY_KEY.get(routeKey(method, path));
}

import "server-only";
// The OpenAPI paths come from API_ROUTES: every route there gets its operation (written beside openapi.ts) plus
// who may call it, derived from the route's access, so the document and the permission table cannot disagree.
// A route without an operation, or an operation without a route, is a programming error: the unit test builds
// the document and fails on either.
import { API_ROUTES, routeKey, type ApiRoute } from "./api-routes";

type Operation = Record<string, unknown>;
export type PathItems = Record<string, Record<string, Operation>>;

const V1 = "/api/v1";
/** A person: a browser session or a personal API token (the document-wide default). */
export const PEOPLE_SECURITY = [{ sessionCookie: [] }, { apiToken: [] }];

/** The document's key: relative to the /api/v1 server, or the full path with its own server. */
export function docPath(path: string): string {
  return path.startsWith(`${V1}/`) ? path.slice(V1.length) : path;
}

function accessFields(r: ApiRoute): Operation {
  switch (r.access) {
    case "public":
      return { security: [] };
    case "enroll-secret":
      return { security: [], "x-credential": "the fleet's enroll secret, in the body" };
    case "host-key":
      return { security: [{ hostKey: [] }] };
    case "signature":
      return { security: [{ webhookSignature: [] }] };
    case "metrics-token":
      return { security: [{ metricsToken: [] }] };
    default:
      // People: the document-wide security (session or API token); the extension names the least role.
      return { "x-required-role": r.access, ...(r.bootstrap ? { security: [...PEOPLE_SECURITY, { bootstrapToken: [] }] } : {}) };
  }
}

export function pathsFromRoutes(serverUrl: string, operations: PathItems): Record<string, Record<string, unknown>> {
  const paths: Record<string, Record<string, unknown>> = {};
  const used = new Set<string>();
  for (const r of API_ROUTES) {
    const key = docPath(r.path);
    const method = r.method.toLowerCase();
    const op = operations[key]?.[method];
    if (!op) throw new Error(`OpenAPI: ${routeKey(r.method, r.path)} is in API_ROUTES but has no operation`);
    used.add(routeKey(r.method, key));
    const item = (paths[key] ??= key === r.path ? { servers: [{ url: serverUrl }] } : {});
    item[method] = { ...op, ...accessFields(r) };
  }
  for (const [key, item] of Object.entries(operations)) {
    for (const method of Object.keys(item)) {
      if (!used.has(routeKey(method, key))) throw new Error(`OpenAPI: ${routeKey(method, key)} has an operation but is not in API_ROUTES`);
    }
  }
  return paths;
}

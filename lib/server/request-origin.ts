import "server-only";
// Which state-changing requests may reach a route or server action at all (cross-site request forgery). A browser
// attaches the session cookie to requests that other sites make it send, and always says where they come from in
// Origin; scripts with an API token send no cookie, so nothing of theirs can be forged. Pure: proxy.ts applies it.

import { API_ROUTES } from "./api-routes";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Routes that carry their own credential and never a cookie: the agents' enroll (secret in the body), check-in and
 * report (host key), and the providers' rebuild callback and dispatched work (HMAC signature): the route list's. Their callers are curl-like and send no
 * Origin. (The first three are answered by scripts/server.mjs before Next in production; see machine-api.ts.)
 */
const OWN_CREDENTIAL = API_ROUTES.filter((r) => r.access === "host-key" || r.access === "enroll-secret" || r.access === "signature").map(
  (r) => new RegExp(`^${r.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{[^}]+\\?\}/g, "[^/]+")}$`),
);

export interface WriteRequest {
  method: string;
  path: string;
  origin: string | null;
  authorization: string | null;
  /** Host as the browser addressed it: X-Forwarded-Host behind a proxy, else Host. */
  host: string | null;
  /** FLEETPRINT_URL, when the public origin is configured. */
  publicUrl?: string;
}

/** Why this request is refused (the 403's message), or null when it may go on to its route's own checks. */
export function refuseWrite(r: WriteRequest): string | null {
  if (SAFE_METHODS.has(r.method.toUpperCase())) return null;
  if (OWN_CREDENTIAL.some((re) => re.test(r.path))) return null;
  if (!r.origin) {
    if (/^Bearer\s+\S/i.test(r.authorization ?? "")) return null;
    return "A request that changes something needs an Origin header (browsers send one) or an API token (Authorization: Bearer fpt_…).";
  }
  if (sameSite(r.origin, r.host, r.publicUrl)) return null;
  return `Cross-origin request refused: ${r.origin.slice(0, 100)} is not this site.`;
}

function sameSite(origin: string, host: string | null, publicUrl: string | undefined): boolean {
  let o: URL;
  try {
    o = new URL(origin); // "null" (sandboxed frames, some redirects) does not parse: refused
  } catch {
    return false;
  }
  if (publicUrl) {
    try {
      if (new URL(publicUrl).origin === o.origin) return true;
    } catch {
      /* a malformed FLEETPRINT_URL matches nothing */
    }
  }
  return !!host && o.host === host.toLowerCase();
}

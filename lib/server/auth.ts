import "server-only";
// Who is asking, and may they? Every route handler, page and server action calls one of these first (house
// rule 4); proxy.ts only passes the page path along for the sign-in redirect.
import { headers } from "next/headers";
import { forbidden as forbiddenPage, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import { authenticateApiToken } from "@/lib/services/authenticate-api-token";
import { API_TOKEN_PREFIX } from "@/lib/services/create-api-token";
import { getAdminToken } from "./admin-token";
import { getAuth } from "./better-auth";
import { clientIpOf } from "./client-ip";
import { forbidden, unauthorized } from "./errors";
import type { Actor } from "@/lib/services/audit";
import { ROLES, actorOf, roleAtLeast, type Principal, type Role } from "./principal";
import { signInPath } from "./redirect-path";
import { sameSecret } from "./secrets";
import { noteActor } from "./request-log";

export const BOOTSTRAP_PRINCIPAL: Principal = { userId: "bootstrap", email: "bootstrap", name: "Bootstrap admin token", role: "admin", via: "bootstrap" };
export const PATH_HEADER = "x-fleetprint-path";

interface Options {
  /** Accept FLEETPRINT_ADMIN_TOKEN: only creating users does (the first admin has nobody to create them). */
  allowBootstrap?: boolean;
}

type Identity = { principal: Principal } | { principal: null; problem?: string };

async function identify(h: Headers, opts: Options = {}): Promise<Identity> {
  const id = await whoIs(h, opts);
  if (id.principal) noteActor(id.principal.userId); // the request's log line names them (lib/server/request-log.ts)
  return id;
}

async function whoIs(h: Headers, opts: Options): Promise<Identity> {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(h.get("authorization") ?? "")?.[1];
  if (token) {
    if (sameSecret(token, getAdminToken())) {
      if (opts.allowBootstrap) return { principal: BOOTSTRAP_PRINCIPAL };
      return { principal: null, problem: "The bootstrap admin token only creates users (POST /api/v1/users): create an admin, sign in, and make an API token at /settings/tokens." };
    }
    if (!token.startsWith(`${API_TOKEN_PREFIX}_`)) return { principal: null, problem: "That bearer token is not a Fleetprint API token (they start with fpt_)." };
    const r = await authenticateApiToken(await getDb(), token);
    return r.ok ? { principal: r.principal } : { principal: null, problem: r.problem };
  }
  const auth = await getAuth();
  const s = await auth.api.getSession({ headers: h });
  if (!s) return { principal: null };
  const { id, email, name, role, disabled } = s.user;
  if (disabled) return { principal: null, problem: "This account is disabled; ask an admin." };
  return { principal: { userId: id, email, name, role: ROLES.includes(role as Role) ? (role as Role) : "viewer", via: "session" } };
}

/** For route handlers: 401 when nobody (valid) is asking, 403 when their role is too low. */
export async function requireRole(req: Request, role: Role, opts: Options = {}): Promise<Principal> {
  const id = await identify(req.headers, opts);
  if (!id.principal) throw unauthorized(`Sign in or send an API token (Authorization: Bearer fpt_…).${id.problem ? ` ${id.problem}` : ""}`);
  if (!roleAtLeast(id.principal.role, role)) throw forbidden(needsRole(role, id.principal));
  if (id.principal.via === "session" && !sameOriginWrite(req)) throw forbidden("Cross-origin request refused: browser sessions may only write from this site.");
  return id.principal;
}

/**
 * A browser sends Origin with every write. SameSite=Lax keeps the session cookie off cross-site writes, but not
 * off another port of the same host, so a write carried by the cookie must come from this very origin.
 */
function sameOriginWrite(req: Request): boolean {
  if (req.method === "GET" || req.method === "HEAD") return true;
  const origin = req.headers.get("origin");
  if (!origin) return true; // not a browser (curl, scripts): no ambient credentials to abuse
  const host = req.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || req.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function needsRole(role: Role, p: Principal): string {
  return `Needs role ${role}; you are ${p.role} (${p.email}).`;
}

/** The signed-in person for this render (null when anonymous); cached so layout and page share one lookup. */
export const getPagePrincipal = cache(async (): Promise<Principal | null> => (await identify(await headers())).principal);

/** What the 403 page tells the person: set by requirePageRole for the render that is being refused. */
export const forbiddenContext = cache((): { need: Role | null } => ({ need: null }));

/**
 * For pages and server actions: not signed in → the sign-in page (coming back here afterwards); role too low →
 * the 403 page (app/forbidden.tsx).
 */
export async function requirePageRole(role: Role): Promise<Principal> {
  const p = await getPagePrincipal();
  if (!p) redirect(signInPath((await headers()).get(PATH_HEADER) ?? "/"));
  if (!roleAtLeast(p.role, role)) {
    forbiddenContext().need = role;
    forbiddenPage();
  }
  return p;
}

/** For server actions: requirePageRole, plus the audit actor (email and client IP) of whoever passed it. */
export async function requireActionRole(role: Role): Promise<{ me: Principal; actor: Actor }> {
  const me = await requirePageRole(role);
  return { me, actor: actorOf(me, clientIpOf(await headers())) };
}

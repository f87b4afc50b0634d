// In front of every page, route handler and server action: security headers, the per-request CSP nonce, and the
// refusal of forgeable writes (lib/server/request-origin.ts). Pages also learn their own path here (for "sign in,
// then come back here"). Identity and role are checked by every page, route handler and server action itself
// (lib/server/auth.ts), never here.
import { NextResponse, type NextRequest } from "next/server";
import { forbidden } from "@/lib/server/errors";
import { refuseWrite } from "@/lib/server/request-origin";
import { NON_PAGE_CSP, baseSecurityHeaders, newNonce, pageCsp } from "@/lib/server/security-headers";

const NON_PAGE = /^\/(api\/|agent\.sh$|metrics$)/;

export function proxy(req: NextRequest) {
  const path = req.nextUrl.pathname;
  const h = req.headers;
  const refusal = refuseWrite({
    method: req.method,
    path,
    origin: h.get("origin"),
    authorization: h.get("authorization"),
    host: h.get("x-forwarded-host")?.split(",")[0]?.trim() || h.get("host"),
    publicUrl: process.env.FLEETPRINT_URL?.trim() || undefined,
  });
  if (refusal) {
    // Before Next's own check of server actions, which answers a foreign Origin with a 500.
    const e = forbidden(refusal);
    return withHeaders(NextResponse.json({ error: { code: e.code, message: e.message } }, { status: e.status }), NON_PAGE_CSP);
  }
  if (NON_PAGE.test(path)) return withHeaders(NextResponse.next(), NON_PAGE_CSP);

  // Next reads the nonce from the request's CSP header and puts it on its own scripts; the pages render per
  // request (app/layout.tsx is force-dynamic), so every answer gets a fresh one.
  const csp = pageCsp(newNonce(), process.env);
  const headers = new Headers(h);
  headers.set("content-security-policy", csp);
  headers.set("x-fleetprint-path", path + req.nextUrl.search);
  return withHeaders(NextResponse.next({ request: { headers } }), csp);
}

function withHeaders(res: NextResponse, csp: string): NextResponse {
  for (const [k, v] of Object.entries(baseSecurityHeaders(process.env))) res.headers.set(k, v);
  res.headers.set("content-security-policy", csp);
  return res;
}

export const config = {
  // Everything but Next's hashed static files, the three machine routes and image uploads, whose bodies (reports up
  // to 16 MiB, archives up to gigabytes) must not be buffered by the proxy; their answers carry the same headers
  // (lib/server/machine-api.ts, app/api/v1/images/route.ts, which also applies refuseWrite itself).
  matcher: ["/((?!_next/static/|_next/image|favicon.svg|api/v1/enroll$|api/v1/checkin$|api/v1/fingerprints$|api/v1/images$).*)"],
};

// A convenience only: pages learn their own path (for "sign in, then come back here"). Identity and role are
// checked by every page, route handler and server action itself (lib/server/auth.ts), never here.
import { NextResponse, type NextRequest } from "next/server";

export function proxy(req: NextRequest) {
  const headers = new Headers(req.headers);
  headers.set("x-fleetprint-path", req.nextUrl.pathname + req.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Pages only: API routes, static files and the favicon do not need it.
  matcher: ["/((?!api/|_next/|favicon.svg|agent.sh).*)"],
};

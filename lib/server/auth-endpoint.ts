import "server-only";
// better-auth's HTTP endpoints (/api/auth/*) behind our two rules: better-auth sees the client address we worked
// out (never a header the client wrote), and a sign-in passes lib/server/sign-in-guard.ts first.
import { getAuth } from "./better-auth";
import { clientIpOf } from "./client-ip";
import { AppError } from "./errors";
import { readRawBody } from "./http";
import { authHeaders, limitSignIn } from "./sign-in-guard";

const SIGN_IN = /\/sign-in(\/|$)/;
const BODY_LIMIT = 16 * 1024;

export async function handleAuthRequest(req: Request): Promise<Response> {
  const auth = await getAuth();
  const ip = clientIpOf(req.headers);
  const headers = authHeaders(req.headers, ip);
  if (req.method !== "POST" || !SIGN_IN.test(new URL(req.url).pathname)) return auth.handler(new Request(req, { headers }));
  try {
    const body = await readRawBody(req, BODY_LIMIT);
    const forward = () => new Request(req.url, { method: "POST", headers, body: new Uint8Array(body) });
    const email = await emailOf(forward());
    return await limitSignIn(email, ip, () => auth.handler(forward()), (res) => res.ok);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    // better-auth's own error shape ({code, message}), so one endpoint answers one way.
    const headers: Record<string, string> = e.retryAfter === undefined ? {} : { "retry-after": String(e.retryAfter) };
    return Response.json({ code: e.code.toUpperCase(), message: e.message }, { status: e.status, headers });
  }
}

/** The email as better-auth will read it (JSON or form body); "" when there is none (it then answers 400). */
async function emailOf(req: Request): Promise<string> {
  const type = req.headers.get("content-type")?.toLowerCase() ?? "";
  try {
    if (/^application\/([a-z0-9.+-]*\+)?json/.test(type)) {
      const v: unknown = await req.json();
      return typeof v === "object" && v !== null && typeof (v as { email?: unknown }).email === "string" ? (v as { email: string }).email : "";
    }
    if (type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data")) {
      const v = (await req.formData()).get("email");
      return typeof v === "string" ? v : "";
    }
  } catch {
    /* unreadable: better-auth refuses it too */
  }
  return "";
}

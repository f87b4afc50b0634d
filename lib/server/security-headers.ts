import "server-only";
// The security headers of every answer, written once for both front doors: proxy.ts puts them on Next's answers,
// and the machine routes (lib/server/machine-api.ts, also answered by scripts/server.mjs before Next) carry
// MACHINE_HEADERS. Pure: no next/*, so the plain Node listener can use them too.

type Env = Record<string, string | undefined>;

export const isHttps = (env: Env) => /^https:\/\//i.test(env.FLEETPRINT_URL?.trim() ?? "");

/** On every answer: pages, JSON and downloads alike. */
export function baseSecurityHeaders(env: Env): Record<string, string> {
  const headers: Record<string, string> = {
    "x-content-type-options": "nosniff",
    // frame-ancestors (in the CSP) says the same to current browsers; this is for those that predate it.
    "x-frame-options": "DENY",
    // Links out of the dashboard (provider consoles, alert targets) must not carry fleet and host names along.
    "referrer-policy": "same-origin",
  };
  // Only when the site is known to be served over TLS: sent over plain http it would lock browsers out of the site.
  // No includeSubDomains: the dashboard does not own its sibling hosts.
  if (isHttps(env)) headers["strict-transport-security"] = "max-age=31536000";
  return headers;
}

/** Answers that are not pages (JSON, YAML, CSV, PDF) run nothing; they only must not be framed. */
export const NON_PAGE_CSP = "frame-ancestors 'none'";

/** The machine routes' answers: JSON read by agents, never framed or sniffed. */
export const machineHeaders = (env: Env): Record<string, string> => ({ ...baseSecurityHeaders(env), "content-security-policy": NON_PAGE_CSP });

/** A fresh nonce per page request: 128 random bits, base64. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/** The pages' policy: only scripts carrying this request's nonce run (Next puts it on its own from the request's CSP header). */
export function pageCsp(nonce: string, env: Env): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic' lets Next's nonced loader fetch the page's chunks; React's dev build needs eval for its stacks.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""}`,
    // React renders style={…} props (recharts' positions and sizes, bar widths) as style attributes, which no nonce
    // can cover (and a nonce in style-src would switch 'unsafe-inline' off). Styles cannot run code; scripts stay strict.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

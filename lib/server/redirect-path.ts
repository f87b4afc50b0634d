import "server-only";
// Where to send someone after signing in. Only a path on this site: "//evil.example" and "/\evil.example" are
// protocol-relative URLs to browsers, and an absolute URL would make the sign-in page an open redirect.
export function safeNextPath(next: string | null | undefined, fallback = "/"): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f]/.test(next)) return fallback; // eslint-disable-line no-control-regex -- refuses control characters on purpose
  if (next === "/sign-in" || next.startsWith("/sign-in?")) return fallback;
  return next.slice(0, 2000);
}

export function signInPath(next: string): string {
  const target = safeNextPath(next);
  return target === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(target)}`;
}

import "server-only";
// The route a request path belongs to, for log lines: "/api/v1/hosts/{hostname}/drift" rather than each host's
// own path, so lines group by route. Pages keep their path (there are few, and the path is what a person opened).
import { API_ROUTES } from "./api-routes";

const TEMPLATES = [...new Set(API_ROUTES.map((r) => r.path))]
  .filter((p) => p.includes("{"))
  .map((p) => ({ p, re: new RegExp(`^${p.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{[^}]+\\?\}/g, "[^/]+")}$`) }))
  // The most literal segments first: /rebuilds/dispatched before /rebuilds/{id}.
  .sort((a, b) => b.p.replace(/\{[^}]+\}/g, "").length - a.p.replace(/\{[^}]+\}/g, "").length);
const LITERAL = new Set(API_ROUTES.map((r) => r.path).filter((p) => !p.includes("{")));

/** The API route template a path matches, or the path itself. */
export function routeOf(path: string): string {
  if (LITERAL.has(path) || !path.startsWith("/api/")) return path;
  for (const t of TEMPLATES) if (t.re.test(path)) return t.p;
  return path;
}

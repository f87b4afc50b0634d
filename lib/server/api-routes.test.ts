import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { API_ROUTES, findRoute, routeFile, routeKey } from "./api-routes";
import { openApiDocument } from "./openapi";
import { docPath } from "./openapi-paths";

const ROOT = path.resolve(__dirname, "../..");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

function routeFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return routeFiles(rel);
    return e.name === "route.ts" ? [rel] : [];
  });
}

/** The HTTP methods a route file exports: `export const GET`, `export async function GET`, `export { x as GET }`. */
function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:const|(?:async\s+)?function)\s+([A-Z]+)\b/g)) found.add(m[1]);
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) for (const part of m[1].split(",")) found.add(part.trim().split(/\s+as\s+/).pop()!.trim());
  return [...found].filter((m) => METHODS.includes(m)).sort();
}

describe("the route list", () => {
  it("names every method every route file under app/ exports, and nothing else", () => {
    const served = routeFiles("app").flatMap((file) => exportedMethods(fs.readFileSync(path.join(ROOT, file), "utf8")).map((m) => `${m} ${file}`));
    const listed = API_ROUTES.map((r) => `${r.method} ${routeFile(r)}`);
    expect(served.length).toBeGreaterThan(40);
    // Every served (method, file) is listed; the auth catch-all serves several listed paths with the same methods.
    expect(served.filter((s) => !listed.includes(s))).toEqual([]);
    expect([...new Set(listed)].filter((l) => !served.includes(l))).toEqual([]);
  });

  it("has each method and path once", () => {
    const keys = API_ROUTES.map((r) => routeKey(r.method, r.path));
    expect(new Set(keys).size).toBe(keys.length);
    expect(findRoute("get", "/api/v1/audit")?.access).toBe("admin");
  });

  it("reads exports in each form Next accepts", () => {
    expect(exportedMethods("export const GET = route(...);\nexport async function POST() {}\nexport { h as PUT, h as DELETE };\nexport const dynamic = 'x';")).toEqual(["DELETE", "GET", "POST", "PUT"]);
  });
});

describe("the OpenAPI document generated from it", () => {
  const doc = openApiDocument("https://fleetprint.test") as unknown as { paths: Record<string, Record<string, Record<string, unknown>>>; components: { securitySchemes: Record<string, unknown> } };
  const ops = Object.entries(doc.paths).flatMap(([p, item]) => Object.keys(item).filter((k) => k !== "servers").map((m) => routeKey(m, p)));

  it("documents exactly the listed routes", () => {
    expect(ops.sort()).toEqual(API_ROUTES.map((r) => routeKey(r.method, docPath(r.path))).sort());
  });

  it("says who may call each: the least role for people, the credential otherwise", () => {
    for (const r of API_ROUTES) {
      const op = doc.paths[docPath(r.path)][r.method.toLowerCase()];
      if (r.access === "public" || r.access === "enroll-secret") expect(op.security, routeKey(r.method, r.path)).toEqual([]);
      else if (r.access === "host-key") expect(op.security).toEqual([{ hostKey: [] }]);
      else if (r.access === "signature") expect(op.security).toEqual([{ webhookSignature: [] }]);
      else if (r.access === "metrics-token") expect(op.security).toEqual([{ metricsToken: [] }]);
      else expect(op["x-required-role"], routeKey(r.method, r.path)).toBe(r.access);
      expect(typeof op.summary).toBe("string");
      expect(op.responses).toBeTruthy();
    }
    for (const scheme of ["hostKey", "webhookSignature", "bootstrapToken", "metricsToken"]) expect(doc.components.securitySchemes[scheme]).toBeTruthy();
    expect(doc.paths["/users"].post.security).toContainEqual({ bootstrapToken: [] });
  });

  it("gives paths outside /api/v1 their own server", () => {
    expect(doc.paths["/api/auth/sign-in/email"].servers).toEqual([{ url: "https://fleetprint.test" }]);
    expect(doc.paths["/agent.sh"].servers).toEqual([{ url: "https://fleetprint.test" }]);
    expect(doc.paths["/rebuilds/{id}/callback"].servers).toBeUndefined();
  });
});

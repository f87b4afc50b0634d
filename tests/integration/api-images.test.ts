// POST/GET /api/v1/images over real HTTP on both servers: who may upload, what bad input gets (400, 404, 413, 415)
// and that it stores nothing, the upload published as the spec, the list and its CSV. The route runs without
// proxy.ts (which would buffer archives), so its own security headers and write check are checked here too.
import http from "node:http";
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { api, serverAt, uniqueName, type Api } from "./support/api";
import { host, report } from "./support/reports";

const digest = () => `sha256:${randomBytes(32).toString("hex")}`;
const imageReport = (d = digest(), tag: string | null = "registry.test/web:1") => ({ ...report(host("image")), image: { digest: d, tag, format: "docker-archive" } });

/** A declared length past the limit, with a few bytes sent: the front door must answer 413 before reading it. */
function declareHuge(url: string, path: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${path}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/x-tar", "content-length": String(3 * 1024 ** 3) } }, (res) => {
      // The gate answers at once but ends its answer only once the request is over: take the JSON as soon as it is whole.
      let body = "";
      res.on("data", (d) => {
        body += d;
        try {
          JSON.parse(body);
        } catch {
          return;
        }
        resolve({ status: res.statusCode!, body });
        req.destroy();
      });
    });
    req.on("error", (e) => (e.message.includes("socket hang up") ? undefined : reject(e)));
    req.write(Buffer.alloc(1024));
  });
}

describe.each(inject("servers"))("images API on $kind", ({ url }) => {
  const a: Api = api(url);
  const people = () => serverAt(url).people;
  const fleet = uniqueName("img");
  const count = async () => (await a.call("GET", `/api/v1/images?fleet=${fleet}`)).json.total as number;

  beforeAll(async () => {
    expect((await a.call("POST", "/api/v1/fleets", { name: fleet, strategy: "immutable" })).status).toBe(201);
  });

  it("takes an operator's or admin's token: 401 without one, 403 for a viewer, nothing stored", async () => {
    const none = await a.call("POST", `/api/v1/images?fleet=${fleet}`, imageReport(), { token: null, headers: { origin: url } });
    expect(none.status).toBe(401);
    expect(none.json.error.message).toMatch(/Sign in or send an API token/);
    const viewer = await a.call("POST", `/api/v1/images?fleet=${fleet}`, imageReport(), { token: people().viewer.token });
    expect(viewer.status).toBe(403);
    expect(viewer.json.error.message).toMatch(/Needs role operator; you are viewer/);
    // proxy.ts does not run here: the route refuses a cross-site write itself and sets the security headers.
    const foreign = await a.call("POST", `/api/v1/images?fleet=${fleet}`, imageReport(), { token: null, headers: { origin: "https://evil.example" } });
    expect(foreign.status).toBe(403);
    expect(await count()).toBe(0);
  });

  it("answers bad input with a 4xx that says what to fix, and stores nothing", async () => {
    const cases: [string, unknown, Record<string, string> | undefined, number, RegExp][] = [
      ["/api/v1/images", imageReport(), undefined, 400, /fleet: required: \?fleet=NAME/],
      [`/api/v1/images?fleet=${fleet}&tag=web%20latest`, imageReport(), undefined, 400, /tag: must not contain spaces/],
      [`/api/v1/images?fleet=${fleet}&publish=maybe`, imageReport(), undefined, 400, /publish: 1 or 0/],
      [`/api/v1/images?fleet=${fleet}&platform=amd64`, imageReport(), undefined, 400, /platform: OS\/ARCH such as linux\/amd64/],
      [`/api/v1/images?fleet=nope-${fleet}`, imageReport(), undefined, 404, /No fleet named/],
      [`/api/v1/images?fleet=${fleet}`, report(host("x")), undefined, 400, /names no image.*--image FILE\.tar --print/],
      [`/api/v1/images?fleet=${fleet}`, { ...imageReport(), image: { digest: "sha256:abc", tag: null, format: "oci" } }, undefined, 400, /image\.digest: must be "sha256:"/],
      [`/api/v1/images?fleet=${fleet}`, imageReport(), { "content-type": "text/plain" }, 415, /application\/json .* or application\/x-tar/],
    ];
    for (const [path, body, headers, status, message] of cases) {
      const r = await a.call("POST", path, body, { headers });
      expect([path, r.status]).toEqual([path, status]);
      expect(r.json.error.message).toMatch(message);
      expect(r.json.error.message).not.toMatch(/Internal error/);
    }
    const junk = await a.call("POST", `/api/v1/images?fleet=${fleet}`, undefined, { raw: "not gzip at all", headers: { "content-type": "application/x-tar", "content-encoding": "gzip" } });
    expect([junk.status, junk.json.error.message]).toEqual([400, expect.stringMatching(/not valid gzip/)]);
    expect(await count()).toBe(0);
  });

  it("refuses an archive declared past FLEETPRINT_IMAGE_MAX_BYTES with 413 before reading it", async () => {
    const r = await declareHuge(url, `/api/v1/images?fleet=${fleet}`, people().operator.token);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).error.message).toMatch(/Image exceeds the 2 GiB limit of \/api\/v1\/images \(FLEETPRINT_IMAGE_MAX_BYTES\)/);
    expect(await count()).toBe(0);
  });

  it("stores an operator's upload (201, then 200 for the same digest, 409 for another content), publishes it, lists and exports it", async () => {
    const d = digest();
    const body = imageReport(d);
    const first = await a.call("POST", `/api/v1/images?fleet=${fleet}&publish=1&note=build%207`, body, { token: people().operator.token });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ digest: d, tag: "registry.test/web:1", format: "docker-archive", fleet, specVersion: 1, packages: body.packages.length });
    expect(first.json.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const again = await a.call("POST", `/api/v1/images?fleet=${fleet}&publish=1`, body, { token: people().operator.token });
    expect([again.status, again.json.specVersion]).toEqual([200, 1]);
    const other = await a.call("POST", `/api/v1/images?fleet=${fleet}`, { ...body, packages: body.packages.slice(1) });
    expect(other.status).toBe(409);
    const versions = await a.call("GET", `/api/v1/fleets/${fleet}/spec/versions`);
    expect(JSON.stringify(versions.json)).toContain(d);
    const list = await a.call("GET", `/api/v1/images?fleet=${fleet}&limit=1`, undefined, { token: people().viewer.token });
    expect(list.json).toMatchObject({ total: 1, count: 1, nextCursor: null, images: [{ digest: d, fleet, uploadedBy: expect.any(String) }] });
    const csv = await fetch(`${url}/api/v1/images?fleet=${fleet}&format=csv`, { headers: { authorization: `Bearer ${people().viewer.token}` } });
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await csv.text()).toContain(`${d},registry.test/web:1,docker-archive,`);
  });
});

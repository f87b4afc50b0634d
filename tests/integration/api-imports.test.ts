// POST /api/v1/imports over real HTTP (the production build behind scripts/server.mjs), on PGlite and PostgreSQL:
// who may import, what bad input answers (and that it stores nothing), gzip, and the host it makes as the API shows it.
import fs from "node:fs";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { api, gzipJson, serverAt, uniqueName, type Api } from "./support/api";

const fixture = (name: string) => fs.readFileSync(`fixtures/imports/${name}`, "utf8");

describe.each(inject("servers"))("imports API on $kind", ({ url }) => {
  const a: Api = api(url);
  const people = serverAt(url).people;
  let fleet: string;
  const path = (q: string) => `/api/v1/imports?fleet=${fleet}&${q}`;
  const hostCount = async () => (await a.call("GET", `/api/v1/hosts?fleet=${fleet}`)).json.total as number;

  beforeAll(async () => {
    fleet = uniqueName("imp");
    expect((await a.call("POST", "/api/v1/fleets", { name: fleet, strategy: "mutable" })).status).toBe(201);
  });

  it("imports an SBOM as an operator (gzip), and the hosts API says where the host came from", async () => {
    const r = await a.call("POST", path("format=spdx&hostname=centos-img"), undefined, {
      token: people.operator.token,
      raw: gzipJson(JSON.parse(fixture("trivy-centos7.spdx.json"))) as unknown as string,
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
    });
    expect(r.status).toBe(202);
    expect(r.json).toMatchObject({ hostname: "centos-img", fleet, identity: "enroll", source: "spdx", configsCollected: false, packages: 2, changed: true });
    const list = (await a.call("GET", `/api/v1/hosts?fleet=${fleet}`)).json;
    expect(list.hosts).toEqual([expect.objectContaining({ hostname: "centos-img", source: "spdx", configsCollected: false, fingerprint: r.json.fingerprint })]);
    const detail = (await a.call("GET", `/api/v1/hosts/centos-img?fleet=${fleet}`)).json;
    expect(detail.host).toMatchObject({ source: "spdx", configsCollected: false });
    expect(detail.fingerprint.packages).toContainEqual({ manager: "rpm", name: "openssl-libs", version: "1:1.0.2k-16.el7", arch: "x86_64" });
  });

  it("refuses viewers (403) and anonymous callers (401), storing nothing", async () => {
    const before = await hostCount();
    const viewer = await a.call("POST", path("format=osquery"), undefined, { token: people.viewer.token, raw: fixture("osquery-debian12-combined.json"), headers: { "content-type": "application/json" } });
    expect(viewer.status).toBe(403);
    expect(viewer.json.error.message).toMatch(/Needs role operator/);
    const nobody = await fetch(url + path("format=osquery"), { method: "POST", headers: { "content-type": "application/json", origin: url }, body: fixture("osquery-debian12-combined.json") });
    expect(nobody.status).toBe(401);
    expect(await hostCount()).toBe(before);
  });

  it("answers bad input with 400 and a message a person can act on, storing nothing", async () => {
    const before = await hostCount();
    const send = (q: string, body: string) => a.call("POST", path(q), undefined, { raw: body, headers: { "content-type": "application/json" } });
    const cases: [string, string, RegExp][] = [
      ["format=nessus", "{}", /format: must be one of osquery, ansible, cyclonedx, spdx/],
      ["format=osquery&table=users", "[]", /table: must be one of deb_packages/],
      ["format=osquery", '{"deb_packages": [', /Body is not valid JSON/],
      ["format=cyclonedx&hostname=h1", fixture("trivy-centos7.spdx.json"), /Not a CycloneDX JSON SBOM/],
      ["format=cyclonedx&hostname=h1", JSON.stringify({ bomFormat: "CycloneDX", components: [{ purl: "pkg:npm/express@4.18.2" }] }), /No deb, rpm or apk packages/],
      ["format=spdx", fixture("trivy-centos7.spdx.json"), /add &hostname=NAME/],
      ["format=osquery", fixture("fleet-report-rpm_packages.json"), /rows of 2 hosts \(centos-a, centos-b\)/],
    ];
    for (const [q, body, message] of cases) {
      const r = await send(q, body);
      expect({ q, status: r.status }).toEqual({ q, status: 400 });
      expect(r.json.error.message).toMatch(message);
    }
    const missing = await send("format=osquery&hostname=x", "{}");
    expect(missing.status).toBe(400);
    const noFleet = await a.call("POST", `/api/v1/imports?format=spdx&fleet=${uniqueName("nope")}&hostname=h1`, undefined, { raw: fixture("trivy-centos7.spdx.json"), headers: { "content-type": "application/json" } });
    expect(noFleet.status).toBe(404);
    expect(await hostCount()).toBe(before);
  });

  it("refuses a body past 16 MiB with 413", async () => {
    const big = JSON.stringify({ bomFormat: "CycloneDX", pad: "x".repeat(17 * 1024 * 1024) });
    const r = await a.call("POST", path("format=cyclonedx&hostname=big"), undefined, { raw: big, headers: { "content-type": "application/json" } });
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe("payload_too_large");
  });
});

// GET /api/v1/fleets/{name}/drift over real HTTP on both drivers: the grouped page with its cursor, the CSV
// stream, the hosts list's item filter, and refusals that change nothing and say what to send.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { api, serverAt, uniqueName, type Api } from "./support/api";
import { EXTRAS, editConfig, host, install, report } from "./support/reports";

describe.each(inject("servers"))("fleet drift API on $kind", ({ url }) => {
  const a: Api = api(url);
  const fleet = uniqueName("fdr");

  beforeAll(async () => {
    expect((await a.call("POST", "/api/v1/fleets", { name: fleet, strategy: "mutable" })).status).toBe(201);
    const { secret } = (await a.call("POST", `/api/v1/fleets/${fleet}/enroll-secrets`)).json;
    for (let i = 1; i <= 4; i++) {
      const name = `fd-${i}`;
      const key = (await a.call("POST", "/api/v1/enroll", { secret, hostname: name }, { token: null })).json.hostKey;
      const h = host(name);
      if (i >= 2) install(h, EXTRAS.debugging);
      if (i === 4) editConfig(h, "/etc/apache2/apache2.conf", "KeepAliveTimeout 60");
      expect((await a.call("POST", "/api/v1/fingerprints", report(h), { token: key })).status).toBe(202);
      if (i === 1) expect((await a.call("POST", `/api/v1/fleets/${fleet}/spec/capture`, { hostname: name })).status).toBe(201);
    }
    // The worker applies reports behind the 202 (reads during its spacing show the analysis of a moment ago):
    // wait until it has compared every fingerprint with the spec.
    const deadline = Date.now() + 30_000;
    while ((await a.call("GET", `/api/v1/fleets/${fleet}/drift`)).json.hosts !== 3) {
      if (Date.now() > deadline) throw new Error("the worker never caught up with the four reports");
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  it("pages the grouped items with a cursor, for viewers too", async () => {
    const viewer = serverAt(url).people.viewer.token;
    const first = await a.call("GET", `/api/v1/fleets/${fleet}/drift?limit=2&sort=subject&dir=asc`, undefined, { token: viewer });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ fleet, total: 4, hosts: 3, count: 2 });
    expect(first.json.items.map((i: { subject: string }) => i.subject)).toEqual(["/etc/apache2/apache2.conf", "htop"]);
    const next = await a.call("GET", `/api/v1/fleets/${fleet}/drift?limit=2&sort=subject&dir=asc&cursor=${first.json.nextCursor}`);
    expect(next.json.items.map((i: { subject: string; hosts: number }) => [i.subject, i.hosts])).toEqual([["strace", 3], ["tcpdump", 3]]);
    expect(next.json.nextCursor).toBeNull();
  });

  it("streams every matching item as CSV", async () => {
    const r = await fetch(`${url}/api/v1/fleets/${fleet}/drift?format=csv&kind=package-extra`, { headers: { authorization: `Bearer ${serverAt(url).people.viewer.token}` } });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(r.headers.get("content-disposition")).toMatch(new RegExp(`fleetprint-drift-items-${fleet}-`));
    const lines = (await r.text()).replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    expect(lines.slice(1).map((l) => l.split(",").slice(1, 3).join(" "))).toEqual(["package-extra htop", "package-extra strace", "package-extra tcpdump"]);
  });

  it("filters the hosts list by item", async () => {
    const r = await a.call("GET", `/api/v1/hosts?fleet=${fleet}&item=${encodeURIComponent("config-changed:/etc/apache2/apache2.conf")}`);
    expect(r.json.hosts.map((h: { hostname: string }) => h.hostname)).toEqual(["fd-4"]);
    const bad = await a.call("GET", `/api/v1/hosts?fleet=${fleet}&item=apache2`);
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/item: kind:subject/);
  });

  it("refuses bad input with a message, unknown fleets with 404, and callers without credentials", async () => {
    for (const [q, field] of [["kind=nope", "kind"], ["direction=up", "direction"], ["sort=x", "sort"], ["limit=0", "limit"], ["format=xml", "format"], ["cursor=zzz", "cursor"]]) {
      const r = await a.call("GET", `/api/v1/fleets/${fleet}/drift?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.json.error.message, q).toMatch(new RegExp(`^${field}:`));
    }
    expect((await a.call("GET", "/api/v1/fleets/no-such-fleet/drift")).status).toBe(404);
    expect((await a.call("GET", "/api/v1/fleets/no-such-fleet/drift?format=csv")).status).toBe(404);
    expect((await a.call("GET", `/api/v1/fleets/${fleet}/drift`, undefined, { token: null })).status).toBe(401);
  });
});

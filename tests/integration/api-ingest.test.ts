// Enrolment and ingest over real HTTP, against the app on PGlite and on PostgreSQL.
import { gzipSync } from "node:zlib";
import { describe, expect, inject, it, beforeAll } from "vitest";
import { api, gzipJson, uniqueName, type Api } from "./support/api";
import { EXTRAS, host, install, report } from "./support/reports";

describe.each(inject("servers"))("ingest API on $kind", ({ url }) => {
  const a: Api = api(url);
  let fleet: string;
  let secret: string;

  beforeAll(async () => {
    fleet = uniqueName("ing");
    expect((await a.call("POST", "/api/v1/fleets", { name: fleet, strategy: "mutable" })).status).toBe(201);
    const s = await a.call("POST", `/api/v1/fleets/${fleet}/enroll-secrets`);
    expect(s.status).toBe(201);
    secret = s.json.secret;
  });

  const hostCount = async () => (await a.call("GET", `/api/v1/hosts?fleet=${fleet}`)).json.count as number;

  it("enrolls, and a wrong secret gets 401 and writes nothing", async () => {
    const before = await hostCount();
    const bad = await a.call("POST", "/api/v1/enroll", { secret: "fpe_nope", hostname: "ghost-01", machineId: null }, { token: null });
    expect(bad.status).toBe(401);
    expect(bad.json.error.message).toMatch(/enroll secret/);
    expect(await hostCount()).toBe(before);
    const ok = await a.call("POST", "/api/v1/enroll", { secret, hostname: "web-01", machineId: "0123abcd" }, { token: null });
    expect(ok.status).toBe(201);
    expect(ok.json.hostKey).toMatch(/^fph_/);
  });

  it("a revoked secret gets 401; hosts enrolled with it keep reporting", async () => {
    const s = (await a.call("POST", `/api/v1/fleets/${fleet}/enroll-secrets`)).json;
    const key = (await a.call("POST", "/api/v1/enroll", { secret: s.secret, hostname: "web-20" }, { token: null })).json.hostKey;
    expect((await a.call("DELETE", `/api/v1/fleets/${fleet}/enroll-secrets/${s.id}`, undefined, { token: null })).status).toBe(401);
    expect((await a.call("DELETE", `/api/v1/fleets/${fleet}/enroll-secrets/${s.id}`)).status).toBe(200);
    expect((await a.call("DELETE", `/api/v1/fleets/${fleet}/enroll-secrets/${s.id}`)).status).toBe(404);
    expect((await a.call("DELETE", `/api/v1/fleets/${fleet}/enroll-secrets/abc`)).status).toBe(400);
    const before = await hostCount();
    const r = await a.call("POST", "/api/v1/enroll", { secret: s.secret, hostname: "web-21" }, { token: null });
    expect(r.status).toBe(401);
    expect(await hostCount()).toBe(before);
    expect((await a.call("POST", "/api/v1/fingerprints", report(host("web-20")), { token: key })).status).toBe(202);
  });

  it("re-enrolling the same host yields the same host and a new key; the old key stops working", async () => {
    const first = await a.call("POST", "/api/v1/enroll", { secret, hostname: "web-02" }, { token: null });
    const second = await a.call("POST", "/api/v1/enroll", { secret, hostname: "web-02", machineId: "feedbeef" }, { token: null });
    expect(second.json.hostId).toBe(first.json.hostId);
    expect(second.json.hostKey).not.toBe(first.json.hostKey);
    const stale = await a.call("POST", "/api/v1/fingerprints", report(host("web-02")), { token: first.json.hostKey });
    expect(stale.status).toBe(401);
  });

  it("rejects malformed enrolment with 400 and a reason", async () => {
    const r = await a.call("POST", "/api/v1/enroll", { secret, hostname: "bad host!" }, { token: null });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/hostname/);
    const notJson = await a.call("POST", "/api/v1/enroll", undefined, { token: null, raw: "{nope", headers: { "content-type": "application/json" } });
    expect(notJson.status).toBe(400);
  });

  it("stores a report once, gzip or not; an unchanged fingerprint only updates last seen", async () => {
    const key = (await a.call("POST", "/api/v1/enroll", { secret, hostname: "web-03" }, { token: null })).json.hostKey;
    const h = host("web-03");
    const r1 = await a.call("POST", "/api/v1/fingerprints", report(h), { token: key });
    expect(r1.status).toBe(202);
    expect(r1.json.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(r1.json.changed).toBe(true);
    const r2 = await a.call("POST", "/api/v1/fingerprints", undefined, {
      token: key,
      raw: gzipJson(report(h)),
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
    });
    expect(r2.status).toBe(202);
    expect(r2.json.fingerprint).toBe(r1.json.fingerprint);
    expect(r2.json.changed).toBe(false);
    const detail = await a.call("GET", `/api/v1/hosts/web-03?fleet=${fleet}`);
    expect(detail.json.history.filter((e: { event: string }) => e.event === "fingerprint")).toHaveLength(1);
    install(h, EXTRAS.debugging);
    const r3 = await a.call("POST", "/api/v1/fingerprints", report(h), { token: key });
    expect(r3.json.changed).toBe(true);
    expect(r3.json.fingerprint).not.toBe(r1.json.fingerprint);
    const after = await a.call("GET", `/api/v1/hosts/web-03?fleet=${fleet}`);
    const changes = after.json.history.filter((e: { event: string }) => e.event === "fingerprint");
    expect(changes.map((e: { fingerprint: string }) => e.fingerprint)).toEqual([r1.json.fingerprint, r3.json.fingerprint]);
  });

  it("hosts sharing content share one fingerprint (content-addressed)", async () => {
    const fps = new Set<string>();
    for (const name of ["web-10", "web-11", "web-12"]) {
      const key = (await a.call("POST", "/api/v1/enroll", { secret, hostname: name }, { token: null })).json.hostKey;
      fps.add((await a.call("POST", "/api/v1/fingerprints", report(host(name)), { token: key })).json.fingerprint);
    }
    // hostname, hosts, machine-id and ssh host keys differ per host but are not part of the identity.
    expect(fps.size).toBe(1);
  });

  it("refuses bad reports with 400/401/413 and changes nothing", async () => {
    const key = (await a.call("POST", "/api/v1/enroll", { secret, hostname: "web-04" }, { token: null })).json.hostKey;
    const noAuth = await a.call("POST", "/api/v1/fingerprints", report(host("web-04")), { token: null });
    expect(noAuth.status).toBe(401);
    const broken = { ...report(host("web-04")), packages: [{ manager: "dpkg", name: "x" }] };
    const bad = await a.call("POST", "/api/v1/fingerprints", broken, { token: key });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/packages/);
    const badGzip = await a.call("POST", "/api/v1/fingerprints", undefined, { token: key, raw: "not gzip", headers: { "content-encoding": "gzip" } });
    expect(badGzip.status).toBe(400);
    const huge = Buffer.alloc(17 * 1024 * 1024, 32);
    const big = await a.call("POST", "/api/v1/fingerprints", undefined, { token: key, raw: huge, headers: { "content-type": "application/json" } });
    expect(big.status).toBe(413);
    // A gzip bomb: 20 KiB on the wire, 20 MiB once inflated, refused by the inflated-size limit.
    const bomb = await a.call("POST", "/api/v1/fingerprints", undefined, {
      token: key,
      raw: gzipSync(Buffer.alloc(20 * 1024 * 1024, 32)),
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
    });
    expect(bomb.status).toBe(413);
    const brotli = await a.call("POST", "/api/v1/fingerprints", undefined, { token: key, raw: "x", headers: { "content-encoding": "br" } });
    expect(brotli.status).toBe(415);
    const detail = await a.call("GET", `/api/v1/hosts/web-04?fleet=${fleet}`);
    expect(detail.json.host.fingerprint).toBeNull();
  });
});

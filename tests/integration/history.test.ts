// History over real HTTP on both databases (fleet trend and converge table, host timeline, any-two-points diff,
// diff export), then the parts that need a clock in-process on both drivers: snapshots over several days, so
// the daily series carries values over quiet days and the converge table measures real durations.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { bumpVersion, upgrade } from "@/lib/demo/demo-hosts";
import { SYSTEM } from "@/lib/services/audit";
import { captureSpec } from "@/lib/services/capture-spec";
import { createEnrollSecret } from "@/lib/services/create-enroll-secret";
import { createFleet } from "@/lib/services/create-fleet";
import { enrollHost } from "@/lib/services/enroll-host";
import { authenticateHost, ingestFingerprint } from "@/lib/services/ingest-fingerprint";
import { listConvergence } from "@/lib/services/list-convergence";
import { listDailyHistory } from "@/lib/services/list-daily-history";
import { listDriftSince } from "@/lib/services/list-drift-since";
import { getHost } from "@/lib/services/get-host";
import { api, uniqueName, type Api } from "./support/api";
import { DRIVERS, openTestDb, type TestDb } from "./support/databases";
import { EXTRAS, editConfig, host, install, report } from "./support/reports";

const APACHE_CONF = "/etc/apache2/apache2.conf";
// Agent-supplied text that a spreadsheet would run as a formula; names are single tokens, so no spaces.
const FORMULA = { manager: "dpkg" as const, name: '=HYPERLINK("http://evil.example/x","open")', version: "-1", arch: "amd64" };
const todayUtc = () => new Date().toISOString().slice(0, 10);

describe.each(inject("servers"))("history API on $kind", ({ url }) => {
  const a: Api = api(url);
  const fleet = uniqueName("hist");
  const keys: Record<string, string> = {};
  const hostIds: Record<string, number> = {};
  const send = async (name: string, h: ReturnType<typeof host>) => {
    const r = await a.call("POST", "/api/v1/fingerprints", report(h), { token: keys[name] });
    expect(r.status).toBe(202);
    return r.json.fingerprint as string;
  };
  const hashes: string[] = [];

  beforeAll(async () => {
    expect((await a.call("POST", "/api/v1/fleets", { name: fleet, strategy: "immutable" })).status).toBe(201);
    const { secret } = (await a.call("POST", `/api/v1/fleets/${fleet}/enroll-secrets`)).json;
    for (const name of ["h-1", "h-2", "h-3"]) {
      const enrolled = (await a.call("POST", "/api/v1/enroll", { secret, hostname: name }, { token: null })).json;
      [keys[name], hostIds[name]] = [enrolled.hostKey, enrolled.hostId];
      await send(name, host(name));
    }
    // v1 while every host is the same: converged at once.
    expect((await a.call("POST", `/api/v1/fleets/${fleet}/spec/capture`, { hostname: "h-1" })).json.version).toBe(1);
    // h-3's life: debugging tools, removed again, then an upgrade, a hand edit and a formula-looking package.
    const h3 = host("h-3");
    hashes.push((await a.call("GET", `/api/v1/hosts/h-3?fleet=${fleet}`)).json.host.fingerprint);
    install(h3, EXTRAS.debugging);
    hashes.push(await send("h-3", h3));
    const clean = host("h-3");
    hashes.push(await send("h-3", clean));
    const openssl = clean.packages.get("openssl")!.version;
    upgrade(clean, ["openssl"], new Map([["openssl", bumpVersion(openssl)]]));
    editConfig(clean, APACHE_CONF, "KeepAliveTimeout 60");
    install(clean, [FORMULA]);
    hashes.push(await send("h-3", clean));
    // v2 from h-1: h-3 now drifts from it, so v2 has not converged.
    expect((await a.call("POST", `/api/v1/fleets/${fleet}/spec/capture`, { hostname: "h-1" })).json.version).toBe(2);
  });

  it("serves the fleet's daily series and its time to converge", async () => {
    const r = await a.call("GET", `/api/v1/fleets/${fleet}/history?days=7`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ fleet, strategy: "immutable", specVersion: 2, days: 7 });
    // The fleet was born today: no made-up points for the six days before it.
    expect(r.json.series).toHaveLength(1);
    expect(r.json.series[0]).toMatchObject({ day: todayUtc(), carried: false, hosts: 3, conforming: 2, specVersion: 2 });
    expect(r.json.series[0].conformingPct).toBeCloseTo(66.7, 1);
    const [v2, v1] = r.json.converge;
    expect(v2).toMatchObject({ version: 2, convergedAt: null, durationMs: null, conforming: 2, hosts: 3, supersededBy: null, text: "not yet (2 of 3)" });
    expect(v1).toMatchObject({ version: 1, supersededBy: 2, text: "at once" });
    expect(v1.durationMs).toBeLessThan(60_000);
  });

  it("validates days and the fleet", async () => {
    for (const q of ["days=0", "days=abc", "days=9999", "days=-1"]) expect((await a.call("GET", `/api/v1/fleets/${fleet}/history?${q}`)).status).toBe(400);
    expect((await a.call("GET", `/api/v1/fleets/${fleet}/history`)).json.days).toBe(180);
    expect((await a.call("GET", "/api/v1/fleets/no-such-fleet/history")).status).toBe(404);
    expect((await a.call("GET", `/api/v1/fleets/${fleet}/history`, undefined, { token: null })).status).toBe(401);
  });

  it("lists the host's timeline with what each change did", async () => {
    const r = await a.call("GET", `/api/v1/hosts/h-3/history?fleet=${fleet}`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ hostname: "h-3", fleet, current: hashes[3], total: 5 });
    const e = r.json.entries;
    expect(e.map((x: { event: string }) => x.event)).toEqual(["enrolled", "fingerprint", "fingerprint", "fingerprint", "fingerprint"]);
    expect(e[1]).toMatchObject({ fingerprint: hashes[0], previous: null, changes: null, summary: null });
    // The enrolment is the host record itself (no history row): its id is minus the host's, and names no content.
    expect(e[0]).toMatchObject({ id: -hostIds["h-3"], fingerprint: null, changes: null });
    expect(e[1].id).toBeGreaterThan(0);
    expect(e[2].summary).toBe("3 packages added");
    expect(e[3].summary).toBe("3 packages removed");
    expect(e[4].changes).toMatchObject({ packages: { upgraded: 1, added: 1, removed: 0 }, configs: { changed: 1 }, total: 3 });
    expect(e[4].summary).toBe("1 package upgraded, 1 added, 1 config changed");
    const newest = await a.call("GET", `/api/v1/hosts/h-3/history?fleet=${fleet}&limit=2`);
    expect(newest.json.entries.map((x: { fingerprint: string }) => x.fingerprint)).toEqual([hashes[2], hashes[3]]);
    expect(newest.json.total).toBe(5);
    expect((await a.call("GET", `/api/v1/hosts/h-3/history?fleet=${fleet}&limit=0`)).status).toBe(400);
    expect((await a.call("GET", `/api/v1/hosts/nobody/history?fleet=${fleet}`)).status).toBe(404);
  });

  it("diffs any two points of the history, by hash or by entry id", async () => {
    const byHash = await a.call("GET", `/api/v1/hosts/h-3/diff?fleet=${fleet}&from=${hashes[0]}&to=${hashes[3]}`);
    expect(byHash.status).toBe(200);
    expect(byHash.json.summary.text).toBe("1 package upgraded, 1 added, 1 config changed");
    expect(byHash.json.left.name).toContain("(before)");
    const back = await a.call("GET", `/api/v1/hosts/h-3/diff?fleet=${fleet}&from=${hashes[3]}&to=${hashes[1]}`);
    expect(back.json.summary.text).toBe("1 package downgraded, 3 added, 1 removed, 1 config changed");
    const ids = (await a.call("GET", `/api/v1/hosts/h-3/history?fleet=${fleet}`)).json.entries.map((x: { id: number }) => x.id);
    const byId = await a.call("GET", `/api/v1/hosts/h-3/diff?fleet=${fleet}&from=${ids[1]}&to=${ids[4]}`);
    expect(byId.json.rows).toEqual(byHash.json.rows);
    expect((await a.call("GET", `/api/v1/hosts/h-3/diff?fleet=${fleet}&from=${ids[0]}&to=${ids[4]}`)).status).toBe(400); // enrolment: no content
    // Points must come from this host's own history: h-1 never had h-3's debugging tools.
    expect((await a.call("GET", `/api/v1/hosts/h-1/diff?fleet=${fleet}&from=${hashes[1]}&to=${hashes[0]}`)).status).toBe(404);
    expect((await a.call("GET", `/api/v1/hosts/h-3/diff?fleet=${fleet}&from=${hashes[0]}`)).status).toBe(400);
    expect((await a.call("GET", `/api/v1/hosts/h-3/diff?fleet=${fleet}&from=abc&to=${hashes[0]}`)).status).toBe(400);
    expect((await a.call("GET", `/api/v1/hosts/h-3/diff?fleet=${fleet}&from=${"0".repeat(64)}&to=${hashes[0]}`)).status).toBe(404);
  });

  it("exports the diff as CSV with formula cells neutralised, and as JSON and Markdown", async () => {
    const r = await fetch(`${url}/api/v1/hosts/h-3/diff?fleet=${fleet}&against=spec&format=csv`, { headers: { authorization: `Bearer ${serverToken(url)}` } });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^text\/csv; charset=utf-8/);
    expect(r.headers.get("content-disposition")).toMatch(/^attachment; filename="fleetprint-diff-h-3-vs-spec-v2-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.split("\r\n");
    expect(lines[0]).toBe("section,key,left,right,status");
    // Differences only, as the page shows by default: the upgrade, the extra package, the edited config.
    expect(lines.filter(Boolean)).toHaveLength(4);
    expect(lines).toContain(`package,"'=HYPERLINK(""http://evil.example/x"",""open"")",'-1,,only-left`);
    expect(lines.some((l) => l.startsWith(`config,${APACHE_CONF},`) && l.endsWith(",differs"))).toBe(true);

    const json = await a.call("GET", `/api/v1/hosts/h-3/diff?fleet=${fleet}&against=spec&format=json&all=1&q=openssl`);
    expect(json.json).toMatchObject({ host: "h-3", fleet, right: { kind: "spec" }, filter: { all: true, q: "openssl" } });
    expect(json.json.rows.map((x: { key: string }) => x.key)).toEqual(expect.arrayContaining(["openssl"]));
    expect(json.json.rows.find((x: { key: string }) => x.key === FORMULA.name)).toBeUndefined();
    // From the host to its spec: what it would take to bring it back.
    expect(json.json.summary.text).toBe("1 package downgraded, 1 removed, 1 config changed");

    const md = await a.call("GET", `/api/v1/hosts/h-3/diff?fleet=${fleet}&against=host:h-1&format=md&status=only-left`);
    expect(md.status).toBe(200);
    expect(md.text).toMatch(/^# h-3 vs h-1/);
    expect(md.text).toContain(`| package | ${FORMULA.name} | -1 | *absent* | only-left |`);
    expect((await a.call("GET", `/api/v1/hosts/h-3/diff?fleet=${fleet}&format=xls`)).status).toBe(400);
    expect((await a.call("GET", `/api/v1/hosts/h-3/diff?fleet=${fleet}&format=csv&status=weird`)).status).toBe(400);
  });

  it("documents the new routes", async () => {
    const doc = (await a.call("GET", "/api/v1/openapi.json")).json;
    for (const p of ["/fleets/{name}/history", "/hosts/{hostname}/history", "/hosts/{hostname}/diff"]) expect(doc.paths[p].get["x-required-role"]).toBe("viewer");
    expect(doc.paths["/hosts/{hostname}/diff"].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(["from", "to", "format"]));
  });
});

function serverToken(url: string): string {
  return inject("servers").find((s) => s.url === url)!.people.admin.token;
}

// Days in the past, so the specs' own createdAt (the database clock, now) is later than every trend point.
const DAY = 86_400_000;
const start = Math.floor(Date.now() / DAY) * DAY - 20 * DAY;
const at = (day: number, hour = 12, minute = 0) => new Date(start + (day - 1) * DAY + hour * 3_600_000 + minute * 60_000);
const dayOf = (day: number) => at(day).toISOString().slice(0, 10);

describe.each(DRIVERS)("history over days on %s", (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(kind);
  });
  afterAll(async () => t?.close());

  it("carries quiet days forward and measures the time to converge", async () => {
    const db = t.db;
    const { id: fleetId } = await createFleet(db, SYSTEM, { name: "trend", strategy: "mutable" });
    const { secret } = await createEnrollSecret(db, SYSTEM, "trend");
    const who: Record<string, Awaited<ReturnType<typeof authenticateHost>>> = {};
    const state = { "t-1": host("t-1"), "t-2": host("t-2") };
    const send = async (name: "t-1" | "t-2", when: Date) => {
      const r = await ingestFingerprint(db, who[name], report(state[name], when), when);
      who[name].fingerprintHash = r.fingerprint;
    };
    for (const name of ["t-1", "t-2"] as const) {
      const { hostKey } = await enrollHost(db, null, { secret, hostname: name, machineId: null });
      who[name] = await authenticateHost(db, hostKey);
      await send(name, at(1, 10));
    }
    await captureSpec(db, SYSTEM, "trend", "t-1", at(1, 10, 30)); // v1: both hosts match
    install(state["t-2"], EXTRAS.debugging);
    await send("t-2", at(2, 9));
    await captureSpec(db, SYSTEM, "trend", "t-2", at(2, 12)); // v2 wants the tools; t-1 lacks them
    // Nothing on day 3. t-1 has carried the three missing packages since its first report.
    const t1 = await getHost(db, "t-1", "trend");
    const since = await listDriftSince(db, { id: t1.host.id, fleetId, fingerprint: t1.host.fingerprint, lastChanged: new Date(t1.host.lastChanged!) }, t1.drift!);
    expect(t1.drift!.map((d) => d.kind)).toEqual(["package-missing", "package-missing", "package-missing"]);
    expect(since.map((d) => d.firstSeen)).toEqual(Array(3).fill(at(1, 10).toISOString()));
    install(state["t-1"], EXTRAS.debugging);
    await send("t-1", at(4, 8)); // day 4: t-1 catches up, v2 has converged

    const series = await listDailyHistory(db, { fleet: "trend", days: 5, now: at(5, 18) });
    expect(series.map((p) => [p.day, p.conforming, p.hosts, p.specVersion, p.carried])).toEqual([
      [dayOf(1), 2, 2, 1, false],
      [dayOf(2), 1, 2, 2, false],
      [dayOf(3), 1, 2, 2, true],
      [dayOf(4), 2, 2, 2, false],
      [dayOf(5), 2, 2, 2, true],
    ]);
    expect(series[2]).toMatchObject({ takenAt: at(2, 12).toISOString(), driftItems: 3, conformingPct: 50, strategy: "mutable", fleet: "trend" });
    // A window that starts after the last change still has its value, from the snapshot before it.
    const later = await listDailyHistory(db, { days: 2, now: at(7) });
    expect(later.map((p) => [p.day, p.conforming, p.carried])).toEqual([
      [dayOf(6), 2, true],
      [dayOf(7), 2, true],
    ]);

    const [conv] = await listConvergence(db, { fleet: "trend" });
    expect(conv.versions.map((v) => [v.version, v.durationMs, v.text])).toEqual([
      [2, at(4, 8).getTime() - at(2, 12).getTime(), "1 d 20 h"],
      [1, 0, "at once"],
    ]);
    expect(conv.versions[0].convergedAt).toBe(at(4, 8).toISOString());
  });
});

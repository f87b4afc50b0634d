// The data model and analysis that let a fleet grow: items stored once, analysis kept as counts and updated from
// what changed (and equal to a from-scratch computation), the check-in fast path, one trend point per interval.
import { createHash } from "node:crypto";
import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { configItems, fingerprints, fleetDriftItems, fleetFingerprints, fleetSnapshots, fleets, hosts } from "@/db/schema";
import { identify } from "@/lib/core/canonical";
import { computeDrift } from "@/lib/core/drift";
import { fromDeltas } from "@/lib/core/id-deltas";
import { scoreSnowflakes } from "@/lib/core/snowflake";
import { SYSTEM } from "@/lib/services/audit";
import { refreshFleetAnalysis } from "@/lib/services/analyze-fleet";
import { captureSpec } from "@/lib/services/capture-spec";
import { checkIn } from "@/lib/services/check-in";
import { createEnrollSecret } from "@/lib/services/create-enroll-secret";
import { createFleet } from "@/lib/services/create-fleet";
import { enrollHost } from "@/lib/services/enroll-host";
import { forgetStoredItems, loadFingerprints } from "@/lib/services/fingerprint-store";
import { authenticateHost, ingestFingerprint } from "@/lib/services/ingest-fingerprint";
import { listHosts } from "@/lib/services/list-hosts";
import { flushLastSeen, noteSeen } from "@/lib/services/record-last-seen";
import { maybeRecordSnapshot } from "@/lib/services/record-snapshot";
import { DRIVERS, openTestDb, type TestDb } from "./support/databases";
import { addFile, editConfig, EXTRAS, host, install, report } from "./support/reports";

describe.each(DRIVERS)("scale model on %s", (kind) => {
  let t: TestDb;
  let secret = "";
  const keys = new Map<string, string>();
  beforeAll(async () => {
    t = await openTestDb(kind);
    await createFleet(t.db, SYSTEM, { name: "big", strategy: "mutable" });
    secret = (await createEnrollSecret(t.db, SYSTEM, "big")).secret;
  });
  afterAll(async () => t?.close());

  const send = async (name: string, mutate: (h: ReturnType<typeof host>) => void = () => {}, digest: string | null = null) => {
    if (!keys.has(name)) keys.set(name, (await enrollHost(t.db, null, { secret, hostname: name, machineId: null })).hostKey);
    const h = host(name);
    mutate(h);
    return ingestFingerprint(t.db, await authenticateHost(t.db, keys.get(name)!), report(h), new Date(), digest);
  };

  it("stores each item once: a fingerprint that differs by one file costs one config item", async () => {
    await send("b-0");
    const [before] = await t.db.select({ n: count() }).from(configItems);
    await send("b-1", (h) => addFile(h, "/etc/network/interfaces.d/b-1", "static"));
    const [after] = await t.db.select({ n: count() }).from(configItems);
    expect(Number(after.n) - Number(before.n)).toBe(1);
    const rows = await t.db.select({ p: fingerprints.packageIdDeltas, c: fingerprints.configIdDeltas }).from(fingerprints);
    expect(rows).toHaveLength(2);
    // References are stored as differences of sorted ids: items written together make them (almost) all 1s.
    for (const r of rows) expect([...r.p, ...r.c].filter((d) => d === 1).length).toBeGreaterThan(0.9 * (r.p.length + r.c.length));
    // Read back from another cache: the content is rebuilt from the items alone.
    forgetStoredItems(t.db);
    const hashes = (await t.db.select({ h: fingerprints.hash }).from(fingerprints)).map((r) => r.h);
    const contents = await loadFingerprints(t.db, hashes);
    const [b1] = await t.db.select({ hash: hosts.fingerprintHash }).from(hosts).where(eq(hosts.hostname, "b-1"));
    expect(contents.get(b1.hash!)!.configs.some((c) => c.path === "/etc/network/interfaces.d/b-1")).toBe(true);
  });

  it("puts a batch's few new items in its own statement, under ids reserved from their sequence", async () => {
    await send("b-staged-0");
    const [before] = rowsOf<{ last: number }>(await t.db.execute(sql`select last_value::int as last from config_items_id_seq`));
    await send("b-staged", (h) => addFile(h, "/etc/network/interfaces.d/b-staged", "static"));
    const [item] = await t.db.select({ id: configItems.id }).from(configItems).where(eq(configItems.path, "/etc/network/interfaces.d/b-staged"));
    const [after] = rowsOf<{ last: number }>(await t.db.execute(sql`select last_value::int as last from config_items_id_seq`));
    // Reserved a block at a time: the sequence stands past the item by more than one id.
    expect(item.id).toBeGreaterThan(Number(before.last));
    expect(Number(after.last)).toBeGreaterThan(item.id);
    const [fp] = await t.db.select({ c: fingerprints.configIdDeltas }).from(fingerprints).innerJoin(hosts, eq(hosts.fingerprintHash, fingerprints.hash)).where(eq(hosts.hostname, "b-staged"));
    expect(fromDeltas(fp.c)).toContain(item.id);
  });

  it("writes a batch again the usual way when one of its new items was stored meanwhile by another writer", async () => {
    await send("b-race-0"); // this process knows every item of the fleet's hosts but the one below
    const path = "/etc/network/interfaces.d/b-race";
    const h = host("b-race");
    addFile(h, path, "static");
    const entry = identify(report(h)).fingerprint.configs.find((c) => c.path === path)!;
    // As another instance would: the same item, stored behind this process's memory of items.
    const [theirs] = await t.db
      .insert(configItems)
      .values({ path, type: entry.type, sha256: entry.sha256, target: entry.target ?? null, package: entry.package ?? null, modified: entry.modified ?? null })
      .returning({ id: configItems.id });
    const [before] = await t.db.select({ n: count() }).from(configItems);
    const outcome = await send("b-race", (x) => addFile(x, path, "static"));
    expect(outcome.changed).toBe(true);
    const [after] = await t.db.select({ n: count() }).from(configItems);
    expect(Number(after.n)).toBe(Number(before.n));
    const [fp] = await t.db.select({ c: fingerprints.configIdDeltas }).from(fingerprints).where(eq(fingerprints.hash, outcome.fingerprint));
    expect(fromDeltas(fp.c)).toContain(theirs.id);
    forgetStoredItems(t.db);
    expect((await loadFingerprints(t.db, [outcome.fingerprint])).get(outcome.fingerprint)!.configs.some((c) => c.path === path)).toBe(true);
  });

  it("keeps the analysis as counts equal to a from-scratch computation, through changes", async () => {
    for (let i = 2; i < 12; i++) await send(`b-${i}`, (h) => (i % 5 === 0 ? install(h, EXTRAS.redis) : undefined));
    await send("b-3", (h) => editConfig(h, "/etc/apache2/apache2.conf", "hand edit"));
    const fleetId = (await t.db.select({ id: fleets.id }).from(fleets).where(eq(fleets.name, "big")))[0].id;
    await captureSpec(t.db, SYSTEM, "big", "b-0");
    for (const round of [0, 1]) {
      if (round === 1) {
        await send("b-4", (h) => install(h, EXTRAS.redis)); // joins a group
        await send("b-5"); // leaves one
        await send("b-12", (h) => addFile(h, "/etc/cron.d/odd", "x"));
        // Make the throttled full rescore due now (it runs at most every second, and every refresh on a small fleet).
        await t.db.update(fleets).set({ rescoredAt: null }).where(eq(fleets.id, fleetId));
      }
      await refreshFleetAnalysis(t.db, fleetId);
      const counts = await t.db
        .select({ hash: hosts.fingerprintHash, n: sql<number>`count(*)::int` })
        .from(hosts)
        .where(eq(hosts.fleetId, fleetId))
        .groupBy(hosts.fingerprintHash);
      const contents = await loadFingerprints(t.db, counts.map((c) => c.hash!));
      const cohort = counts.map((c) => ({ hash: c.hash!, fingerprint: contents.get(c.hash!)!, hosts: Number(c.n) }));
      const expected = scoreSnowflakes(cohort);
      const [spec] = rowsOf<{ body: never }>(await t.db.execute(sql`select body from specs where fleet_id = ${fleetId} order by version desc limit 1`));
      const stored = await t.db.select().from(fleetFingerprints).where(eq(fleetFingerprints.fleetId, fleetId));
      expect(stored.map((r) => r.hash).sort()).toEqual(cohort.map((c) => c.hash).sort());
      for (const r of stored) {
        const c = cohort.find((x) => x.hash === r.hash)!;
        expect(r.hosts).toBe(c.hosts);
        expect(r.isSnowflake).toBe(expected.get(r.hash)!.isSnowflake);
        expect(r.snowflakeScore).toBeCloseTo(expected.get(r.hash)!.score, 3);
        expect(r.topReason).toBe(expected.get(r.hash)!.reasons[0]?.explain ?? null);
        expect(r.driftCount).toBe(computeDrift(c.fingerprint, spec.body).length);
        // The items too (most fingerprints here are judged from their difference with the fleet's reference).
        const items = await t.db.select().from(fleetDriftItems).where(and(eq(fleetDriftItems.fleetId, fleetId), eq(fleetDriftItems.hash, r.hash)));
        const row = (d: { kind: string; subject: string; expected: string | null; actual: string | null; direction?: string | null }) => [d.kind, d.subject, d.expected, d.actual, d.direction ?? null].join("|");
        expect(items.map(row).sort()).toEqual(computeDrift(c.fingerprint, spec.body).map(row).sort());
      }
    }
    const page = await listHosts(t.db, { fleet: "big", snowflake: true });
    expect(page.hosts.map((h) => h.hostname)).toContain("b-3");
    const drifted = await listHosts(t.db, { fleet: "big", drifted: true, sort: "drift", dir: "desc", limit: 2 });
    expect(drifted.hosts).toHaveLength(2);
    expect(drifted.total).toBeGreaterThan(2);
    expect(drifted.hosts[0].driftCount!).toBeGreaterThanOrEqual(drifted.hosts[1].driftCount!);
  });

  it("answers an unchanged check-in from the digest and writes last_seen behind", async () => {
    const r = await send("c-1", () => {}, "digest-of-c1-report-0001");
    const who = await authenticateHost(t.db, keys.get("c-1")!);
    expect(who.reportDigest).toBe("digest-of-c1-report-0001");
    const later = new Date(Date.now() + 60_000);
    expect(await checkIn(t.db, who, { digest: "digest-of-c1-report-0001" }, later)).toBe("unchanged");
    expect(await checkIn(t.db, who, { digest: "digest-of-something-else" }, later)).toBe("report-needed");
    expect(await flushLastSeen(t.db)).toBeGreaterThanOrEqual(1);
    const [row] = await t.db.select({ lastSeen: hosts.lastSeen, fp: hosts.fingerprintHash }).from(hosts).where(eq(hosts.hostname, "c-1"));
    expect(row.lastSeen!.getTime()).toBe(later.getTime());
    expect(row.fp).toBe(r.fingerprint);
  });

  it("writes a large batch of last_seen in strides: every host at its newest time, none moved back", async () => {
    await createFleet(t.db, SYSTEM, { name: "seen", strategy: "mutable" });
    const made = rowsOf<{ id: number }>(await t.db.execute(sql`insert into hosts (fleet_id, hostname, not_reporting_since)
      select f.id, 'seen-' || g, now() from fleets f, generate_series(1, 150) g where f.name = 'seen' returning id`));
    const ids = made.map((r) => Number(r.id)).sort((a, b) => a - b);
    const base = Date.now();
    ids.forEach((id, k) => noteSeen(t.db, id, new Date(base + k * 1000)));
    noteSeen(t.db, ids[3], new Date(base - 5000)); // an older note of the same host changes nothing
    const newer = new Date(base + 10_000_000);
    await t.db.update(hosts).set({ lastSeen: newer }).where(eq(hosts.id, ids[7])); // seen later by another instance
    expect(await flushLastSeen(t.db)).toBe(150);
    const rows = await t.db.select({ id: hosts.id, lastSeen: hosts.lastSeen, latch: hosts.notReportingSince }).from(hosts).where(sql`${hosts.hostname} like 'seen-%'`);
    const byId = new Map(rows.map((r) => [r.id, r]));
    ids.forEach((id, k) => {
      expect(byId.get(id)!.lastSeen!.getTime()).toBe(id === ids[7] ? newer.getTime() : base + k * 1000);
      if (id !== ids[7]) expect(byId.get(id)!.latch).toBeNull();
    });
  });

  it("keeps a report digest as it was sent, a sha256 hex in 32 bytes, through either statement that writes it", async () => {
    const hex = createHash("sha256").update("c-2 report").digest("hex");
    const stored = async () =>
      rowsOf<{ bytes: number }>(await t.db.execute(sql`select octet_length(report_digest) as bytes from hosts where hostname = 'c-2'`))[0].bytes;
    const read = async () => (await t.db.select({ digest: hosts.reportDigest }).from(hosts).where(eq(hosts.hostname, "c-2")))[0].digest;
    // A new content each time (fleetprint_write_changes writes it), then the same content again (the update of an unchanged host).
    const forms: [string, number][] = [[hex, 32], ["00" + hex.slice(2), 32], ["d".repeat(31), 33], ["digest:" + "x".repeat(25), 33], [hex.toUpperCase(), 65], ["k".repeat(16), 17]];
    for (const [i, [digest, bytes]] of forms.entries()) {
      await send("c-2", (h) => addFile(h, `/etc/digest-form-${i}`, String(i)), digest);
      expect([await read(), Number(await stored())]).toEqual([digest, bytes]);
      const again = digest.slice(0, -1) + (digest.endsWith("0") ? "1" : "0"); // same form and length
      await send("c-2", (h) => addFile(h, `/etc/digest-form-${i}`, String(i)), again);
      expect([await read(), Number(await stored())]).toEqual([again, bytes]);
    }
  });

  it("writes a herd of concurrent reports in batches: each change stored once, racing duplicates recorded once", async () => {
    const names = Array.from({ length: 24 }, (_, i) => `herd-${i}`);
    for (const n of names) keys.set(n, (await enrollHost(t.db, null, { secret, hostname: n, machineId: null })).hostKey);
    const [{ revision: before }] = await t.db.select({ revision: fleets.revision }).from(fleets).where(eq(fleets.name, "big"));
    // Every host sends its first report twice at once (an agent retrying after a timeout): one of the two changes it.
    const results = await Promise.all(
      names.flatMap((n, i) => [0, 1].map(async () => {
        const h = host(n);
        if (i % 2) addFile(h, `/etc/network/interfaces.d/${n}`, n);
        return ingestFingerprint(t.db, await authenticateHost(t.db, keys.get(n)!), report(h), new Date(), `digest-${n}-0000000000`);
      })),
    );
    expect(results.filter((r) => r.changed)).toHaveLength(names.length);
    const stored = await t.db.select({ id: hosts.id, fp: hosts.fingerprintHash, digest: hosts.reportDigest }).from(hosts).where(sql`${hosts.hostname} like 'herd-%'`);
    expect(stored).toHaveLength(names.length);
    for (const h of stored) {
      expect(h.fp).toBe(results.find((r) => r.hostId === h.id)!.fingerprint);
      expect(h.digest).toMatch(/^digest-herd-/);
    }
    const history = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from host_history where event = 'fingerprint' and host_id in (select id from hosts where hostname like 'herd-%')`));
    expect(Number(history[0].n)).toBe(names.length);
    const [{ revision: after }] = await t.db.select({ revision: fleets.revision }).from(fleets).where(eq(fleets.name, "big"));
    expect(after - before).toBe(names.length);
    // The next check-in of each is answered from what was written.
    for (const n of names) expect(await checkIn(t.db, await authenticateHost(t.db, keys.get(n)!), { digest: `digest-${n}-0000000000` })).toBe("unchanged");
    expect(await flushLastSeen(t.db)).toBe(names.length);
  });

  it("claims one trend point per fleet per interval, however many try at once", async () => {
    const fleetId = (await t.db.select({ id: fleets.id }).from(fleets).where(eq(fleets.name, "big")))[0].id;
    await t.db.update(fleets).set({ snapshotDueAt: null }).where(eq(fleets.id, fleetId));
    // After every point the earlier tests wrote with the real clock (a fixed date became the past on 1 Dec 2026).
    const at = new Date(Date.now() + 86_400_000);
    const won = await Promise.all(Array.from({ length: 8 }, (_, i) => maybeRecordSnapshot(t.db, fleetId, new Date(at.getTime() + i))));
    expect(won.filter(Boolean)).toHaveLength(1);
    const [{ n }] = await t.db.select({ n: count() }).from(fleetSnapshots).where(eq(fleetSnapshots.fleetId, fleetId));
    expect(Number(n)).toBeGreaterThanOrEqual(1);
    expect(await maybeRecordSnapshot(t.db, fleetId, new Date(at.getTime() + 9 * 60_000))).toBe(false);
    // Whichever of the eight won (on PostgreSQL any may), the next slot opens 10 minutes after its time.
    expect(await maybeRecordSnapshot(t.db, fleetId, new Date(at.getTime() + 10 * 60_000 + 7))).toBe(true);
  });
});

describe("a large fleet's whole-cohort rescore during a herd", () => {
  it("waits while reports arrive, and the worker runs it once they stop", async () => {
    const { noteChange } = await import("@/lib/services/change-clock");
    const { refreshAnalyses } = await import("@/lib/services/analyze-fleet");
    for (const kind of DRIVERS) {
      const t = await openTestDb(kind);
      try {
        await createFleet(t.db, SYSTEM, { name: "herd", strategy: "mutable" });
        const [{ id: fleetId }] = await t.db.select({ id: fleets.id }).from(fleets).where(eq(fleets.name, "herd"));
        // 400 distinct (empty) fingerprints: at the 2.5 ms each assumed before a rescore was measured, one costs 1 s,
        // the least that may wait. Rescored 30 s ago: due (every 20 s at that cost), not yet past five spacings.
        await t.db.execute(sql`insert into fingerprints (hash, os, package_id_deltas, config_id_deltas, package_count, config_count)
          select 'herd-' || n, '{"id":"debian","versionId":"12","prettyName":"x","kernel":null,"arch":"amd64"}'::jsonb, '{}', '{}', 0, 0 from generate_series(1, 400) n`);
        await t.db.execute(sql`insert into hosts (fleet_id, hostname, fingerprint_hash) select ${fleetId}, 'herd-' || n, 'herd-' || n from generate_series(1, 400) n`);
        const before = new Date(Date.now() - 30_000);
        await t.db.update(fleets).set({ revision: 1, analyzedRevision: 0, rescoredAt: before }).where(eq(fleets.id, fleetId));
        const rescoredAt = async () => (await t.db.select({ at: fleets.rescoredAt }).from(fleets).where(eq(fleets.id, fleetId)))[0].at?.getTime();

        noteChange(); // a report was just written: the herd goes on
        expect(await refreshFleetAnalysis(t.db, fleetId)).toBe(true);
        expect(await rescoredAt()).toBe(before.getTime());
        // The new fingerprints were scored at once all the same.
        const unscored = await t.db.select({ n: count() }).from(fleetFingerprints).where(sql`${fleetFingerprints.fleetId} = ${fleetId} and ${fleetFingerprints.scoredAt} is null`);
        expect(Number(unscored[0].n)).toBe(0);
        expect(await refreshAnalyses(t.db)).toBe(0);
        expect(await rescoredAt()).toBe(before.getTime());

        await new Promise((r) => setTimeout(r, 2_100)); // no change for 2 s: the herd is over
        expect(await refreshAnalyses(t.db)).toBe(1);
        expect(await rescoredAt()).toBeGreaterThan(before.getTime());
        expect(await refreshAnalyses(t.db)).toBe(0);
      } finally {
        await t.close();
      }
    }
  });
});

describe("embedded maintenance", () => {
  it("vacuums tables by autovacuum's rule on PGlite and leaves PostgreSQL to autovacuum", async () => {
    const { vacuumEmbedded } = await import("@/lib/services/vacuum-embedded");
    for (const kind of DRIVERS) {
      const t = await openTestDb(kind);
      try {
        // 300 rows of which 200 deleted: 200 dead > 50 + 0.2 × 100 live.
        await t.db.execute(sql`create table vacuum_probe (n int)`);
        await t.db.execute(sql`insert into vacuum_probe select generate_series(1, 300)`);
        await t.db.execute(sql`delete from vacuum_probe where n > 100`);
        await t.db.execute(sql`select pg_stat_force_next_flush()`);
        const dead = async () => Number(rowsOf<{ n: number }>(await t.db.execute(sql`select n_dead_tup as n from pg_stat_user_tables where relname = 'vacuum_probe'`))[0]?.n);
        const plan = await vacuumEmbedded(t.db, { checkpoint: true });
        if (kind === "postgres") {
          expect(plan).toBeNull();
          continue;
        }
        expect(plan?.vacuum).toContain("vacuum_probe");
        await t.db.execute(sql`select pg_stat_force_next_flush()`);
        expect(await dead()).toBe(0);
        // Nothing changed since: the next check does nothing.
        expect((await vacuumEmbedded(t.db))?.vacuum).not.toContain("vacuum_probe");
      } finally {
        await t.close();
      }
    }
  });
});

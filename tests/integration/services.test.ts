// Services against both drivers in-process: races, content addressing, the PGlite lock, and the demo story.
import fs from "node:fs";
import path from "node:path";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "@/db/client";
import { fingerprints, fleetSnapshots, hostHistory } from "@/db/schema";
import { recordDueSnapshots } from "@/lib/services/record-due-snapshots";
import { SYSTEM } from "@/lib/services/audit";
import { createEnrollSecret } from "@/lib/services/create-enroll-secret";
import { createFleet } from "@/lib/services/create-fleet";
import { enrollHost } from "@/lib/services/enroll-host";
import { authenticateHost, ingestFingerprint } from "@/lib/services/ingest-fingerprint";
import { listFleets } from "@/lib/services/list-fleets";
import { listHosts } from "@/lib/services/list-hosts";
import { seedDemo } from "@/lib/demo/seed-demo";
import { listSpecVersions } from "@/lib/services/get-spec";
import { listWaivers } from "@/lib/services/list-waivers";
import { DRIVERS, migratedPgliteDir, openTestDb, type TestDb } from "./support/databases";
import { EXTRAS, host, install, report } from "./support/reports";

describe.each(DRIVERS)("services on %s", (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(kind);
  });
  afterAll(async () => t?.close());

  it("concurrent reports of one change record it once", async () => {
    await createFleet(t.db, SYSTEM, { name: "race", strategy: "mutable" });
    const { secret } = await createEnrollSecret(t.db, SYSTEM, "race");
    const { hostKey } = await enrollHost(t.db, null, { secret, hostname: "r-1", machineId: null });
    const h = host("r-1");
    install(h, EXTRAS.redis);
    const who = await authenticateHost(t.db, hostKey);
    const results = await Promise.all(Array.from({ length: 6 }, () => ingestFingerprint(t.db, who, report(h))));
    expect(new Set(results.map((r) => r.fingerprint)).size).toBe(1);
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    const [{ n }] = await t.db.select({ n: count() }).from(hostHistory);
    expect(Number(n)).toBe(1); // one fingerprint change (the enrolment is the host row, listed by host_events)
  });

  it("seeds the demo story: the immutable fleet conforms, the mutable one drifts and has snowflakes", async () => {
    const summary = await seedDemo(t.db, { now: new Date("2026-11-26T12:00:00Z") });
    expect(summary).toMatch(/64 hosts/);
    const fleets = await listFleets(t.db, new Date("2026-11-26T12:00:00Z"));
    const mutable = fleets.find((f) => f.name === "web-mutable")!;
    const immutable = fleets.find((f) => f.name === "web-immutable")!;
    expect(mutable.hosts).toBe(40);
    expect(immutable.hosts).toBe(24);
    expect(immutable.conformingPct!).toBeGreaterThan(85);
    expect(mutable.conformingPct!).toBeLessThan(50);
    expect(mutable.conformingPct!).toBeGreaterThan(0); // the accepted-into-spec version did not leave every host drifting
    expect(mutable.distinctPer100!).toBeGreaterThan(immutable.distinctPer100! * 3);
    expect(mutable.snowflakes).toBeGreaterThanOrEqual(4);
    expect(immutable.snowflakes).toBeLessThanOrEqual(2);
    expect(immutable.medianAgeDays!).toBeLessThan(mutable.medianAgeDays!);
    // Adopt or waive: an accepted-into-spec version and an active waiver, both by Olivia with a note.
    const versions = await listSpecVersions(t.db, "web-mutable");
    expect(versions.filter((v) => v.source.startsWith("adopt:") || v.source === "waive").map((v) => v.createdBy)).toEqual(["olivia@demo.fleetprint", "olivia@demo.fleetprint"]);
    expect((await listWaivers(t.db, "web-mutable", new Date("2026-11-26T12:00:00Z"))).waivers).toEqual([expect.objectContaining({ status: "active" })]);
    const snow = await listHosts(t.db, { fleet: "web-mutable", snowflake: true });
    expect(snow.hosts.map((h) => h.hostname)).toEqual(expect.arrayContaining(["web-17", "web-22", "web-05"]));
    // Content-addressed: far fewer fingerprint rows than hosts × history.
    const [{ n }] = await t.db.select({ n: count() }).from(fingerprints);
    expect(Number(n)).toBeLessThan(200);
  });
});

describe.each(DRIVERS)("periodic trend points on %s", (kind) => {
  it("records a point for every fleet at most every 10 minutes, even without changes", async () => {
    const t = await openTestDb(kind);
    try {
      await createFleet(t.db, SYSTEM, { name: "quiet", strategy: "mutable" });
      await createFleet(t.db, SYSTEM, { name: "calm", strategy: "immutable" });
      const t0 = new Date("2026-11-26T10:00:00Z");
      await recordDueSnapshots(t.db, t0);
      await recordDueSnapshots(t.db, new Date(t0.getTime() + 5 * 60_000)); // throttled
      await recordDueSnapshots(t.db, new Date(t0.getTime() + 11 * 60_000));
      const [{ n }] = await t.db.select({ n: count() }).from(fleetSnapshots);
      expect(Number(n)).toBe(4);
    } finally {
      await t.close();
    }
  });
});

describe("the embedded database lock", () => {
  it("refuses a second opener of the same folder with a clear message", async () => {
    const dir = migratedPgliteDir("fp-lock-");
    fs.writeFileSync(path.join(dir, "fleetprint.lock"), String(process.ppid)); // a live process that is not us
    await expect(openDb({ kind: "pglite", dataDir: dir })).rejects.toThrow(/in use by process/);
    fs.writeFileSync(path.join(dir, "fleetprint.lock"), "999999"); // stale: no such process
    const h = await openDb({ kind: "pglite", dataDir: dir });
    await h.close();
    expect(fs.existsSync(path.join(dir, "fleetprint.lock"))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("opens a folder whose lock names a PID now used by another process (a crash, a reboot, a container restart)", async () => {
    const dir = migratedPgliteDir("fp-lock-");
    const lock = path.join(dir, "fleetprint.lock");
    // process.ppid is a live node process, but not the one that wrote this lock: it started at another time.
    fs.writeFileSync(lock, JSON.stringify({ pid: process.ppid, start: "1" }));
    const h = await openDb({ kind: "pglite", dataDir: dir });
    expect(JSON.parse(fs.readFileSync(lock, "utf8")).pid).toBe(process.pid);
    await h.close();
    expect(fs.existsSync(lock)).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

// Issue 9 items 3 and 6 in-process on both databases: the reporting interval and snowflake threshold through the
// fleet policy, the not-reporting filter and count, the latching alert sweep (once across sweeps and instances,
// re-armed by a report), and a threshold change rescoring the fleet.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertChannels, alertEvents, auditLog, fleets, hosts } from "@/db/schema";
import { SNOWFLAKE_THRESHOLD } from "@/lib/core/snowflake";
import type { Principal } from "@/lib/server/principal";
import { refreshFleetAnalysis } from "@/lib/services/analyze-fleet";
import { SYSTEM } from "@/lib/services/audit";
import { createEnrollSecret } from "@/lib/services/create-enroll-secret";
import { createFleet } from "@/lib/services/create-fleet";
import { createUser } from "@/lib/services/create-user";
import { enrollHost } from "@/lib/services/enroll-host";
import { exportDrift } from "@/lib/services/export-drift";
import { findFleet } from "@/lib/services/find-fleet";
import { authenticateHost, ingestFingerprint } from "@/lib/services/ingest-fingerprint";
import { listFleets } from "@/lib/services/list-fleets";
import { listHosts } from "@/lib/services/list-hosts";
import { flushLastSeen } from "@/lib/services/record-last-seen";
import { policyOf, policySchema, setFleetPolicy } from "@/lib/services/set-fleet-policy";
import { captureSpec } from "@/lib/services/capture-spec";
import { sweepNotReporting } from "@/lib/services/sweep-not-reporting";
import { DRIVERS, openTestDb, type TestDb } from "./support/databases";
import { editConfig, host, report } from "./support/reports";

const T0 = new Date("2026-11-30T12:00:00Z");
const min = (m: number) => new Date(T0.getTime() + m * 60_000);
const act = (p: Principal) => ({ name: p.email, ip: null });

describe.each(DRIVERS)("not reporting and what matters first on %s", (kind) => {
  let t: TestDb;
  let ada: Principal;
  const keys: Record<string, string> = {};
  const reportAs = async (name: string, when: Date, change?: (h: ReturnType<typeof host>) => void) => {
    const h = host(name);
    change?.(h);
    const r = await ingestFingerprint(t.db, await authenticateHost(t.db, keys[name]), report(h, when), when);
    await flushLastSeen(t.db);
    return r;
  };
  const enroll = async (fleet: string, names: string[]) => {
    const { secret } = await createEnrollSecret(t.db, SYSTEM, fleet);
    for (const n of names) keys[n] = (await enrollHost(t.db, null, { secret, hostname: n, machineId: null })).hostKey;
  };

  beforeAll(async () => {
    t = await openTestDb(kind);
    const u = await createUser(t.db, SYSTEM, { email: "ada@nr.test", name: "Ada", password: "not-reporting-1", role: "admin" });
    ada = { userId: u.id, email: u.email, name: u.name, role: "admin", via: "session" };
    await createFleet(t.db, SYSTEM, { name: "nr", strategy: "mutable" });
    await enroll("nr", ["n-1", "n-2", "n-3", "n-4"]);
    await reportAs("n-1", min(0));
    await reportAs("n-2", min(0));
    await reportAs("n-3", min(-3 * 24 * 60)); // three days quiet
    // n-4 enrolled and never checked in
    await captureSpec(t.db, SYSTEM, "nr", "n-1", min(1));
    const [f] = await t.db.select().from(fleets).where(eq(fleets.name, "nr"));
    await t.db.insert(alertChannels).values({ fleetId: f.id, name: "ops", kind: "generic", url: "https://hooks.example.test/nr", secretEnv: "NR_SECRET", events: ["host-not-reporting"] });
  });
  afterAll(async () => t?.close());

  it("sets the reporting interval and threshold at once (no second admin), audited, and refuses what is out of range", async () => {
    const before = await findFleet(t.db, "nr");
    expect(policyOf(before)).toMatchObject({ reportingIntervalMinutes: 180, snowflakeThreshold: null });
    const r = await setFleetPolicy(t.db, ada, act(ada), "nr", { reportingIntervalMinutes: 60, snowflakeThreshold: 2 });
    expect(r.pending).toBeNull();
    expect(r.policy).toMatchObject({ reportingIntervalMinutes: 60, snowflakeThreshold: 2 });
    const after = await findFleet(t.db, "nr");
    expect(after.revision).toBe(before.revision + 1); // a new threshold rescores the fleet
    expect(after.rescoredAt).toBeNull();
    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "fleet.policy"), eq(auditLog.subject, "nr")));
    expect(audits.at(-1)!.detail).toMatchObject({ reportingIntervalMinutes: 60, snowflakeThreshold: 2 });
    for (const bad of [{ reportingIntervalMinutes: 2 }, { reportingIntervalMinutes: 50_000 }, { reportingIntervalMinutes: 7.5 }, { snowflakeThreshold: 0 }, { snowflakeThreshold: 99 }]) {
      expect(policySchema.safeParse(bad).success).toBe(false);
    }
    await setFleetPolicy(t.db, ada, act(ada), "nr", { snowflakeThreshold: null });
    expect((await findFleet(t.db, "nr")).snowflakeThreshold).toBeNull();
  });

  it("filters hosts by reporting status in SQL and counts them beside conforming", async () => {
    const now = min(30);
    const all = await listHosts(t.db, { fleet: "nr" }, now);
    expect(Object.fromEntries(all.hosts.map((h) => [h.hostname, h.reporting]))).toEqual({ "n-1": "reporting", "n-2": "reporting", "n-3": "not-reporting", "n-4": "never" });
    expect((await listHosts(t.db, { fleet: "nr", reporting: "not-reporting" }, now)).hosts.map((h) => h.hostname)).toEqual(["n-3"]);
    expect((await listHosts(t.db, { fleet: "nr", reporting: "never" }, now)).hosts.map((h) => h.hostname)).toEqual(["n-4"]);
    expect((await listHosts(t.db, { fleet: "nr", reporting: "reporting" }, now)).total).toBe(2);
    // Past the 60-minute interval, everyone who reported at T0 is late too.
    expect((await listHosts(t.db, { fleet: "nr", reporting: "not-reporting" }, min(61))).total).toBe(3);

    await refreshFleetAnalysis(t.db, (await findFleet(t.db, "nr")).id, now);
    const [summary] = (await listFleets(t.db, now)).filter((f) => f.name === "nr");
    expect(summary.notReporting).toBe(1);
    // The documented choice: a not-reporting host still counts by its last known fingerprint (all three conform).
    expect(summary.conforming).toBe(3);

    const exp = await exportDrift(t.db, { fleet: "nr", reporting: "not-reporting" }, now);
    const rows = [];
    for await (const h of exp.hosts({ firstSeen: false })) rows.push(h);
    expect(rows.map((h) => [h.hostname, h.reporting])).toEqual([["n-3", "not-reporting"]]);
    expect(exp.meta.filters.reporting).toBe("not-reporting");
  });

  it("alerts once per host when it passes the interval, across sweeps and instances, and re-arms after a report", async () => {
    const events = () => t.db.select().from(alertEvents).where(eq(alertEvents.kind, "host-not-reporting"));
    const first = await Promise.all([sweepNotReporting(t.db, min(30)), sweepNotReporting(t.db, min(30))]);
    expect(first.reduce((n, r) => n + r.hosts, 0)).toBe(1);
    expect((await events()).map((e) => e.subject)).toEqual(["n-3"]);
    expect((await events())[0].detail).toMatchObject({ intervalMinutes: 60 });
    expect((await sweepNotReporting(t.db, min(40))).hosts).toBe(0);

    await reportAs("n-3", min(45)); // back: the latch clears in the same statement as last_seen
    const [n3] = await t.db.select().from(hosts).where(eq(hosts.hostname, "n-3"));
    expect(n3.notReportingSince).toBeNull();
    expect((await sweepNotReporting(t.db, min(50))).hosts).toBe(0);
    // Quiet again past the interval: a second alert for n-3, and the first for the hosts last seen at T0.
    const again = await sweepNotReporting(t.db, min(106));
    expect(again.hosts).toBe(3);
    expect((await events()).filter((e) => e.subject === "n-3")).toHaveLength(2);
  });

  it("rescoring with the fleet's own threshold changes who is a snowflake", async () => {
    await createFleet(t.db, SYSTEM, { name: "th", strategy: "mutable" });
    await enroll("th", ["t-1", "t-2", "t-3", "t-4", "t-5"]);
    for (const n of ["t-1", "t-2", "t-3", "t-4"]) await reportAs(n, min(0));
    // One unique hand edit of a packaged config file scores 3: above the default 2.5.
    await reportAs("t-5", min(0), (h) => editConfig(h, "/etc/apache2/apache2.conf", "KeepAliveTimeout 60"));
    const fleetId = (await findFleet(t.db, "th")).id;
    const flake = async () => (await listHosts(t.db, { fleet: "th", snowflake: true }, min(1))).hosts.map((h) => [h.hostname, h.snowflakeScore]);
    await refreshFleetAnalysis(t.db, fleetId, min(1));
    expect(await flake()).toEqual([["t-5", 3]]);
    expect(SNOWFLAKE_THRESHOLD).toBe(2.5);

    await setFleetPolicy(t.db, ada, act(ada), "th", { snowflakeThreshold: 4 });
    await refreshFleetAnalysis(t.db, fleetId, min(2));
    expect(await flake()).toEqual([]);
    await setFleetPolicy(t.db, ada, act(ada), "th", { snowflakeThreshold: 2 });
    await refreshFleetAnalysis(t.db, fleetId, min(3));
    expect(await flake()).toEqual([["t-5", 3]]);
  });
});

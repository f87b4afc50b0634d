// Fleet-wide drift on both drivers: the worker keeps each fingerprint's drift items, the service groups them by
// item weighed by hosts (values, directions, filters, sorts, paging), the CSV export, a new spec version
// recomputing the items, the hosts list filtered by item, and an upgraded install filling its items once.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type Db } from "@/db/client";
import { compareFleetDriftRows, FLEET_DRIFT_SORTS, type FleetDriftRow } from "@/lib/core/fleet-drift";
import { refreshFleetAnalysis } from "@/lib/services/analyze-fleet";
import { markMissingDriftItems } from "@/lib/services/store-drift";
import { SYSTEM } from "@/lib/services/audit";
import { captureSpec } from "@/lib/services/capture-spec";
import { createEnrollSecret } from "@/lib/services/create-enroll-secret";
import { createFleet } from "@/lib/services/create-fleet";
import { enrollHost } from "@/lib/services/enroll-host";
import { exportFleetDrift } from "@/lib/services/export-fleet-drift";
import { authenticateHost, ingestFingerprint } from "@/lib/services/ingest-fingerprint";
import { listFleetDrift } from "@/lib/services/list-fleet-drift";
import { listHosts } from "@/lib/services/list-hosts";
import { upgrade } from "@/lib/demo/demo-hosts";
import { DRIVERS, openTestDb, type TestDb } from "./support/databases";
import { EXTRAS, editConfig, host, install, report } from "./support/reports";

const AHEAD = "3.0.19-1~deb12u3";
const BEHIND = "3.0.19-1~deb12u1";
const SPEC = "3.0.19-1~deb12u2"; // the fixture's libssl3

async function all(db: Db, fleet: string, filter: Parameters<typeof listFleetDrift>[2] = {}): Promise<FleetDriftRow[]> {
  return (await listFleetDrift(db, fleet, { ...filter, limit: 500 })).items;
}
const day = (n: number) => new Date(Date.UTC(2026, 10, n, 12));
const keyOf = (r: FleetDriftRow) => `${r.kind}:${r.subject}`;

describe.each(DRIVERS)("fleet-wide drift on %s", (kind) => {
  let t: TestDb;
  let fleetId = 0;
  // The worker's pass, without the spacing it keeps between passes on a busy fleet (lib/core/spacing.ts).
  const refresh = () => refreshFleetAnalysis(t.db, fleetId);
  beforeAll(async () => {
    t = await openTestDb(kind);
    fleetId = (await createFleet(t.db, SYSTEM, { name: "fd", strategy: "mutable" })).id;
    const { secret } = await createEnrollSecret(t.db, SYSTEM, "fd");
    const send = async (hostname: string, change: (h: ReturnType<typeof host>) => void, at = day(1)) => {
      const h = host(hostname);
      change(h);
      const { hostKey } = await enrollHost(t.db, null, { secret, hostname, machineId: null });
      await ingestFingerprint(t.db, await authenticateHost(t.db, hostKey), report(h, at), at);
    };
    await send("gold-1", () => {});
    await captureSpec(t.db, SYSTEM, "fd", "gold-1");
    await send("db-1", () => {});
    // web-2 and web-3 carry the same fingerprint: one fingerprint, two hosts.
    for (const [name, edit, d] of [["web-1", "A", 3], ["web-2", "B", 4], ["web-3", "B", 5]] as const)
      await send(
        name,
        (h) => {
          install(h, EXTRAS.debugging);
          editConfig(h, "/etc/apache2/apache2.conf", edit);
          upgrade(h, ["libssl3"], new Map([["libssl3", AHEAD]]));
        },
        day(d),
      );
    await send("web-4", (h) => upgrade(h, ["libssl3"], new Map([["libssl3", BEHIND]])), day(2));
    await refresh();
  });
  afterAll(async () => t?.close());

  it("groups items by kind and subject, weighed by hosts, with the values seen and their directions", async () => {
    const page = await listFleetDrift(t.db, "fd");
    expect(page.hosts).toBe(4);
    expect(page.total).toBe(5);
    const ssl = page.items[0];
    expect(ssl).toMatchObject({ kind: "package-version", subject: "libssl3", expected: SPEC, hosts: 4, fingerprints: 3, ahead: 3, behind: 1, moreValues: 0, moreHosts: 0 });
    expect(ssl.values).toEqual([
      { actual: AHEAD, hosts: 3, direction: "ahead" },
      { actual: BEHIND, hosts: 1, direction: "behind" },
    ]);
    // From the hosts' reports: web-4 took on its libssl3 on day 2, web-1 its edited apache2.conf on day 3.
    expect(ssl.firstSeen).toBe(day(2).toISOString());
    const conf = page.items.find((r) => r.subject === "/etc/apache2/apache2.conf")!;
    expect(conf).toMatchObject({ kind: "config-changed", hosts: 3, fingerprints: 2, firstSeen: day(3).toISOString() });
    expect(conf.values.map((v) => v.hosts)).toEqual([2, 1]);
    expect(page.items.filter((r) => r.kind === "package-extra").map((r) => [r.subject, r.hosts])).toEqual([
      ["htop", 3],
      ["strace", 3],
      ["tcpdump", 3],
    ]);
  });

  it("sorts in the database as the core defines the order, and pages without gaps", async () => {
    const rows = await all(t.db, "fd");
    for (const sort of FLEET_DRIFT_SORTS)
      for (const dir of ["asc", "desc"] as const) {
        const got = await all(t.db, "fd", { sort, dir });
        expect(got.map(keyOf), `${sort} ${dir}`).toEqual([...rows].sort(compareFleetDriftRows(sort, dir)).map(keyOf));
      }
    const paged: FleetDriftRow[] = [];
    for (let offset = 0; offset < 5; offset += 2) {
      const p = await listFleetDrift(t.db, "fd", { sort: "subject", limit: 2, offset });
      expect(p.total).toBe(5);
      paged.push(...p.items);
    }
    expect(paged.map(keyOf)).toEqual((await all(t.db, "fd", { sort: "subject", dir: "desc" })).map(keyOf));
  });

  it("filters by kind, direction and subject substring", async () => {
    expect((await all(t.db, "fd", { kind: "config-changed" })).map(keyOf)).toEqual(["config-changed:/etc/apache2/apache2.conf"]);
    expect((await all(t.db, "fd", { direction: "behind" })).map(keyOf)).toEqual(["package-version:libssl3"]);
    expect((await all(t.db, "fd", { q: "SSL" })).map(keyOf)).toEqual(["package-version:libssl3"]);
    const none = await listFleetDrift(t.db, "fd", { q: "nothing-like-this" });
    expect([none.total, none.hosts, none.items.length]).toEqual([0, 0, 0]);
    expect((await listFleetDrift(t.db, "fd", { kind: "package-extra" })).hosts).toBe(3);
  });

  it("lists the hosts carrying an item", async () => {
    const names = async (item: { kind: FleetDriftRow["kind"]; subject: string }) => (await listHosts(t.db, { fleet: "fd", item })).hosts.map((h) => h.hostname);
    expect(await names({ kind: "package-version", subject: "libssl3" })).toEqual(["web-1", "web-2", "web-3", "web-4"]);
    expect(await names({ kind: "config-changed", subject: "/etc/apache2/apache2.conf" })).toEqual(["web-1", "web-2", "web-3"]);
    expect(await names({ kind: "package-missing", subject: "libssl3" })).toEqual([]);
  });

  it("exports every matching item as CSV", async () => {
    const chunks: Uint8Array[] = [];
    for await (const c of await exportFleetDrift(t.db, "fd", { sort: "hosts", dir: "desc" })) chunks.push(c);
    const lines = Buffer.concat(chunks).toString("utf8").replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    expect(lines[0]).toBe("fleet,kind,subject,expected,hosts,behind,ahead,fingerprints,first_seen,values");
    expect(lines).toHaveLength(6);
    expect(lines[1]).toMatch(new RegExp(`^fd,package-version,libssl3,${SPEC.replace(/[~.]/g, "\\$&")},4,1,3,3,`));
    expect(lines[1]).toContain(`"${AHEAD} (3 hosts, ahead); ${BEHIND} (1 host, behind)"`);
    await expect(exportFleetDrift(t.db, "nope", {})).rejects.toMatchObject({ code: "not_found" });
  });

  it("recomputes the items against a new spec version", async () => {
    await captureSpec(t.db, SYSTEM, "fd", "web-1");
    await refresh();
    const rows = await all(t.db, "fd");
    const ssl = rows.find((r) => r.subject === "libssl3")!;
    expect(ssl).toMatchObject({ expected: AHEAD, hosts: 3, behind: 3, ahead: 0 });
    expect(rows.some((r) => r.kind === "package-extra")).toBe(false);
    expect(rows.find((r) => r.subject === "htop")).toMatchObject({ kind: "package-missing", hosts: 3 });
    const stale = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from fleet_drift_items d join fleet_fingerprints f using (fleet_id, hash) where f.drift_spec_version <> 2`));
    expect(Number(stale[0].n)).toBe(0);
  });

  it("fills the items of fingerprints analysed before the table existed", async () => {
    const before = (await all(t.db, "fd")).map((r) => [keyOf(r), r.hosts]);
    await t.db.execute(sql`delete from fleet_drift_items`);
    expect(await listFleetDrift(t.db, "fd")).toMatchObject({ total: 0 });
    expect(await markMissingDriftItems(t.db)).toBe(1);
    await refresh();
    expect((await all(t.db, "fd")).map((r) => [keyOf(r), r.hosts])).toEqual(before);
    expect(await markMissingDriftItems(t.db)).toBe(0);
  });

  it("answers an unknown fleet with not found and a fleet without a spec with nothing", async () => {
    await expect(listFleetDrift(t.db, "nope")).rejects.toMatchObject({ code: "not_found" });
    await createFleet(t.db, SYSTEM, { name: "bare", strategy: "immutable" });
    expect(await listFleetDrift(t.db, "bare")).toMatchObject({ specVersion: null, total: 0, items: [] });
  });
});

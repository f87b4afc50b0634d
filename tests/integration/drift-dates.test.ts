// Dates that agree (issue 9, item 7), in-process on both drivers: a host that has run an old libssl3 since day 1
// differs from the spec only since the version that asked for the new one (day 10), in the drift API's service,
// the host page's service and the drift export; spec versions keep their own save dates.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { SYSTEM } from "@/lib/services/audit";
import { captureSpec } from "@/lib/services/capture-spec";
import { createEnrollSecret } from "@/lib/services/create-enroll-secret";
import { createFleet } from "@/lib/services/create-fleet";
import { enrollHost } from "@/lib/services/enroll-host";
import { exportDrift } from "@/lib/services/export-drift";
import { getHostDrift } from "@/lib/services/get-host-drift";
import { listSpecVersions } from "@/lib/services/get-spec";
import { authenticateHost, ingestFingerprint } from "@/lib/services/ingest-fingerprint";
import { csvHostRecords, type ExportHost } from "@/lib/core/drift-export";
import { upgrade } from "@/lib/demo/demo-hosts";
import { DRIVERS, openTestDb, type TestDb } from "./support/databases";
import { EXTRAS, host, install, report } from "./support/reports";

const day = (n: number) => new Date(Date.UTC(2026, 10, n, 12));
const iso = (n: number) => day(n).toISOString();

async function enrolled(db: Db, secret: string, hostname: string) {
  const { hostKey } = await enrollHost(db, null, { secret, hostname, machineId: null });
  return authenticateHost(db, hostKey);
}

describe.each(DRIVERS)("drift dates on %s", (kind) => {
  let t: TestDb;
  let libssl: string;
  beforeAll(async () => {
    t = await openTestDb(kind);
    await createFleet(t.db, SYSTEM, { name: "dates", strategy: "mutable" });
    const { secret } = await createEnrollSecret(t.db, SYSTEM, "dates");
    const gold = host("gold-1");
    const web = host("web-1");
    libssl = [...gold.packages.keys()].find((n) => n.startsWith("libssl"))!;
    let goldWho = await enrolled(t.db, secret, "gold-1");
    goldWho = { ...goldWho, fingerprintHash: (await ingestFingerprint(t.db, goldWho, report(gold, day(1)), day(1))).fingerprint };
    await captureSpec(t.db, SYSTEM, "dates", "gold-1", day(1)); // v1: the image web-1 runs
    let webWho = await enrolled(t.db, secret, "web-1");
    webWho = { ...webWho, fingerprintHash: (await ingestFingerprint(t.db, webWho, report(web, day(1)), day(1))).fingerprint };
    install(web, EXTRAS.debugging);
    await ingestFingerprint(t.db, webWho, report(web, day(5)), day(5)); // extras from day 5
    // Day 10: the golden host takes a security update and becomes v2; day 15: v3, same libssl (a later capture).
    upgrade(gold, [libssl], new Map([[libssl, `${gold.packages.get(libssl)!.version}+sec1`]]));
    await ingestFingerprint(t.db, goldWho, report(gold, day(10)), day(10));
    await captureSpec(t.db, SYSTEM, "dates", "gold-1", day(10));
    await captureSpec(t.db, SYSTEM, "dates", "gold-1", day(15));
  });
  afterAll(async () => t?.close());

  it("keeps each spec version's own save date", async () => {
    const versions = await listSpecVersions(t.db, "dates");
    expect(versions.map((v) => [v.version, v.createdAt])).toEqual([
      [3, iso(15)],
      [2, iso(10)],
      [1, iso(1)],
    ]);
  });

  it("dates drift the host carried before the spec changed from the version that asked for something else", async () => {
    const d = await getHostDrift(t.db, "web-1", "dates");
    expect(d.specVersion).toBe(3);
    const ssl = d.items.find((i) => i.subject === libssl)!;
    expect(ssl).toMatchObject({ kind: "package-version", firstSeen: iso(1), differsSince: iso(10), differsSinceVersion: 2 });
  });

  it("dates drift the host got later than the spec's run from when the host got it, with the version then in force", async () => {
    const d = await getHostDrift(t.db, "web-1", "dates");
    const extra = d.items.find((i) => i.kind === "package-extra" && i.subject === EXTRAS.debugging[0].name)!;
    expect(extra).toMatchObject({ firstSeen: iso(5), differsSince: iso(5), differsSinceVersion: 1 });
  });

  it("writes both dates into the export, JSON fields and CSV columns", async () => {
    const exp = await exportDrift(t.db, { fleet: "dates", q: "web-1" });
    const hosts: ExportHost[] = [];
    for await (const h of exp.hosts()) hosts.push(h);
    const ssl = hosts[0].items.find((i) => i.subject === libssl)!;
    expect(ssl).toMatchObject({ firstSeen: iso(1), differsSince: iso(10), differsSinceVersion: 2 });
    const line = csvHostRecords({ ...hosts[0], items: [ssl] }).trimEnd();
    expect(line).toContain(`,${iso(10)},2,`); // then the reporting columns
  });
});

// The per-fleet gauges /metrics exposes (one query for every fleet) agree with the overview's numbers, on both
// databases: hosts, reporting, conforming, snowflakes, not reporting; conforming is absent without a spec.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "@/lib/services/audit";
import { captureSpec } from "@/lib/services/capture-spec";
import { createEnrollSecret } from "@/lib/services/create-enroll-secret";
import { createFleet } from "@/lib/services/create-fleet";
import { enrollHost } from "@/lib/services/enroll-host";
import { authenticateHost, ingestFingerprint } from "@/lib/services/ingest-fingerprint";
import { listFleets } from "@/lib/services/list-fleets";
import { readFleetGauges } from "@/lib/services/read-fleet-gauges";
import { flushLastSeen } from "@/lib/services/record-last-seen";
import { analyzeAllFleets } from "./support/analyze-all";
import { DRIVERS, openTestDb, type TestDb } from "./support/databases";
import { editConfig, host, report } from "./support/reports";

const NOW = new Date();
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);

describe.each(DRIVERS)("fleet gauges on %s", (kind) => {
  let t: TestDb;

  const fill = async (fleet: string, hosts: { name: string; at?: Date; edit?: string }[]) => {
    await createFleet(t.db, SYSTEM, { name: fleet, strategy: "immutable" });
    const { secret } = await createEnrollSecret(t.db, SYSTEM, fleet);
    for (const h of hosts) {
      const { hostKey } = await enrollHost(t.db, null, { secret, hostname: h.name, machineId: null });
      if (!h.at) continue; // enrolled, never reported
      const state = host(h.name);
      if (h.edit) editConfig(state, "/etc/php/8.2/apache2/php.ini", h.edit);
      await ingestFingerprint(t.db, await authenticateHost(t.db, hostKey), report(state, h.at), h.at);
    }
    await flushLastSeen(t.db);
  };

  beforeAll(async () => {
    t = await openTestDb(kind);
    await fill("gauged", [
      { name: "g-1", at: NOW },
      { name: "g-2", at: NOW },
      { name: "g-3", at: daysAgo(3) }, // quiet for longer than the default interval
      { name: "g-4", at: NOW, edit: "memory_limit" },
      { name: "g-5" },
    ]);
    await captureSpec(t.db, SYSTEM, "gauged", "g-1", NOW);
    await fill("specless", [{ name: "s-1", at: NOW }, { name: "s-2", at: NOW, edit: "x" }]);
    await analyzeAllFleets(t.db, NOW);
  });
  afterAll(async () => t?.close());

  it("reads every fleet in one go, with the overview's numbers", async () => {
    const { fleets, queue } = await readFleetGauges(t.db, NOW);
    expect(queue).toEqual({ queued: 0, running: 0 });
    const overview = await listFleets(t.db, NOW);
    expect(fleets.map((f) => f.fleet)).toEqual(["gauged", "specless"]);
    for (const f of fleets) {
      const o = overview.find((x) => x.name === f.fleet)!;
      expect(f, f.fleet).toEqual({ fleet: o.name, strategy: o.strategy, hosts: o.hosts, reporting: o.reporting, conforming: o.conforming, snowflakes: o.snowflakes, notReporting: o.notReporting });
    }
    expect(fleets[0]).toMatchObject({ strategy: "immutable", hosts: 5, reporting: 4, conforming: 3, notReporting: 1 });
    expect(fleets[1]).toMatchObject({ hosts: 2, reporting: 2, conforming: null });
  });
});

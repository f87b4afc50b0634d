// "Hosts of a fleet with their analysis" has two spellings in lib/services/host-analysis.ts: the SQL join the
// lists and gauges run (HOST_ANALYSIS_JOIN, CURRENT_DRIFT) and the lookup in a loaded analysis (analysisOf,
// countHostsByFingerprint) the overview, exports, host page and alerts use. They must agree host by host, on both
// databases, including a fingerprint that another fleet carries too and a host that never reported.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { fleets, hosts as hostTable } from "@/db/schema";
import { SYSTEM } from "@/lib/services/audit";
import { captureSpec } from "@/lib/services/capture-spec";
import { createEnrollSecret } from "@/lib/services/create-enroll-secret";
import { createFleet } from "@/lib/services/create-fleet";
import { enrollHost } from "@/lib/services/enroll-host";
import { analyzeFleet } from "@/lib/services/fleet-analysis";
import { analysisOf, countHostsByFingerprint } from "@/lib/services/host-analysis";
import { authenticateHost, ingestFingerprint } from "@/lib/services/ingest-fingerprint";
import { listHosts } from "@/lib/services/list-hosts";
import { flushLastSeen } from "@/lib/services/record-last-seen";
import { analyzeAllFleets } from "./support/analyze-all";
import { DRIVERS, openTestDb, type TestDb } from "./support/databases";
import { editConfig, host, report } from "./support/reports";

const NOW = new Date();

describe.each(DRIVERS)("hosts with their analysis on %s", (kind) => {
  let t: TestDb;

  const fill = async (fleet: string, members: { name: string; edit?: string; silent?: boolean }[]) => {
    await createFleet(t.db, SYSTEM, { name: fleet, strategy: "mutable" });
    const { secret } = await createEnrollSecret(t.db, SYSTEM, fleet);
    for (const m of members) {
      const { hostKey } = await enrollHost(t.db, null, { secret, hostname: m.name, machineId: null });
      if (m.silent) continue;
      const state = host(m.name);
      if (m.edit) editConfig(state, "/etc/php/8.2/apache2/php.ini", m.edit);
      await ingestFingerprint(t.db, await authenticateHost(t.db, hostKey), report(state, NOW), NOW);
    }
    await flushLastSeen(t.db);
  };

  beforeAll(async () => {
    t = await openTestDb(kind);
    await fill("joined", [
      { name: "j-1" },
      { name: "j-2" },
      { name: "j-3" },
      { name: "j-4" },
      { name: "j-5", edit: "memory_limit" },
      { name: "j-6", edit: "memory_limit" },
      { name: "j-7", edit: "upload_max_filesize" },
      { name: "j-8", silent: true },
    ]);
    await captureSpec(t.db, SYSTEM, "joined", "j-1", NOW);
    // The same fingerprints in another fleet, with no spec: its rows must not leak into the first fleet's hosts.
    await fill("other", [{ name: "o-1", edit: "upload_max_filesize" }, { name: "o-2", edit: "upload_max_filesize" }, { name: "o-3" }]);
    await analyzeAllFleets(t.db, NOW);
  });
  afterAll(async () => t?.close());

  it("gives each host of a list the analysis its fleet's loaded rows give it", async () => {
    for (const fleet of ["joined", "other"]) {
      const page = await listHosts(t.db, { fleet, limit: 100 }, NOW);
      const [f] = await t.db.select({ id: fleets.id }).from(fleets).where(eq(fleets.name, fleet));
      const analysis = await analyzeFleet(t.db, f.id);
      expect(page.hosts.length, fleet).toBe(fleet === "joined" ? 8 : 3);
      for (const h of page.hosts) {
        const a = analysisOf(analysis, h.fingerprint);
        expect({ drift: h.driftCount, flake: h.isSnowflake, score: h.snowflakeScore, shared: h.sharedBy }, `${fleet}/${h.hostname}`).toEqual({
          drift: a.driftCount,
          flake: a.isSnowflake,
          score: Math.round(a.score * 100) / 100,
          shared: a.sharedBy,
        });
      }
    }
  });

  it("reads the numbers the fleets really have: drift against the spec, none without one, nothing for a silent host", async () => {
    const byName = new Map((await listHosts(t.db, { fleet: "joined", limit: 100 }, NOW)).hosts.map((h) => [h.hostname, h]));
    expect(byName.get("j-1")).toMatchObject({ driftCount: 0, sharedBy: 4 });
    expect(byName.get("j-5")).toMatchObject({ driftCount: 1, sharedBy: 2 });
    expect(byName.get("j-7")).toMatchObject({ driftCount: 1, sharedBy: 1 });
    expect(byName.get("j-8")).toMatchObject({ fingerprint: null, driftCount: null, isSnowflake: false, sharedBy: 0 });
    const other = new Map((await listHosts(t.db, { fleet: "other", limit: 100 }, NOW)).hosts.map((h) => [h.hostname, h]));
    expect(other.get("o-1")).toMatchObject({ driftCount: null, sharedBy: 2 });
    expect(other.get("o-3")).toMatchObject({ driftCount: null, sharedBy: 1 });
  });

  it("counts hosts per fingerprint with the same analysis, without reading host rows", async () => {
    const [f] = await t.db.select({ id: fleets.id }).from(fleets).where(eq(fleets.name, "joined"));
    const analysis = await analyzeFleet(t.db, f.id);
    const groups = await countHostsByFingerprint(t.db, analysis, eq(hostTable.fleetId, f.id));
    expect(groups.reduce((s, g) => s + g.hosts, 0)).toBe(8);
    const sizes = groups.map((g) => [g.hash === null ? "none" : g.sharedBy, g.hosts, g.driftCount]).sort((a, b) => String(a).localeCompare(String(b)));
    expect(sizes).toEqual([
      [1, 1, 1],
      [2, 2, 1],
      [4, 4, 0],
      ["none", 1, null],
    ]);
  });
});

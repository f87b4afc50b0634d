// A host whose source reports no config files (an import: an SBOM, package facts without stat) against a spec that
// pins configs, in every place drift is derived: the host page's drift and its dates, "accept into spec", rebuild
// verification and the drift export. None may say a pinned file is missing; package drift still counts.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rebuildHosts, rebuildRequests } from "@/db/schema";
import { adoptIntoSpec } from "@/lib/services/adopt-into-spec";
import { SYSTEM } from "@/lib/services/audit";
import { captureSpec } from "@/lib/services/capture-spec";
import { createEnrollSecret } from "@/lib/services/create-enroll-secret";
import { createFleet } from "@/lib/services/create-fleet";
import { enrollHost } from "@/lib/services/enroll-host";
import { exportDrift } from "@/lib/services/export-drift";
import { getHostDrift } from "@/lib/services/get-host-drift";
import { authenticateHost, ingestFingerprint } from "@/lib/services/ingest-fingerprint";
import { flushLastSeen } from "@/lib/services/record-last-seen";
import { refreshFleetAnalysis } from "@/lib/services/analyze-fleet";
import { verifyRebuild } from "@/lib/services/verify-rebuild";
import { DRIVERS, openTestDb, type TestDb } from "./support/databases";
import { EXTRAS, host, install, report } from "./support/reports";

const SBOM = { source: "cyclonedx", configsCollected: false };
const day = (n: number) => new Date(Date.UTC(2026, 4, n, 12));

describe.each(DRIVERS)("configs not collected on %s", (kind) => {
  let t: TestDb;
  const ids: Record<string, number> = {};
  const keys: Record<string, string> = {};
  let fleetId = 0;
  beforeAll(async () => {
    t = await openTestDb(kind);
    ({ id: fleetId } = await createFleet(t.db, SYSTEM, { name: "nc", strategy: "immutable" }));
    const { secret } = await createEnrollSecret(t.db, SYSTEM, "nc");
    const enrol = async (name: string) => {
      const e = await enrollHost(t.db, null, { secret, hostname: name, machineId: null });
      ids[name] = e.hostId;
      keys[name] = e.hostKey;
      return authenticateHost(t.db, e.hostKey);
    };
    await ingestFingerprint(t.db, await enrol("gold"), report(host("gold"), day(1)), day(1));
    await captureSpec(t.db, SYSTEM, "nc", "gold", day(1));
    // What the SBOM imports report: the spec's packages (one host with extras added later), no config file at all.
    const bare = (name: string, extras = false) => {
      const h = host(name);
      if (extras) install(h, EXTRAS.debugging);
      return { ...report(h, day(2)), configs: [] };
    };
    await ingestFingerprint(t.db, await enrol("sbom-clean"), bare("sbom-clean"), day(2), null, null, SBOM);
    const extra = await ingestFingerprint(t.db, await enrol("sbom-extra"), bare("sbom-extra"), day(2), null, null, SBOM);
    const who = { ...(await authenticateHost(t.db, keys["sbom-extra"])), fingerprintHash: extra.fingerprint };
    await ingestFingerprint(t.db, who, bare("sbom-extra", true), day(3), null, null, SBOM);
    await refreshFleetAnalysis(t.db, fleetId);
  });
  afterAll(async () => {
    if (t) await flushLastSeen(t.db);
    await t?.close();
  });

  it("the host's drift and its dates: package items only, dated from the report that brought them", async () => {
    expect((await getHostDrift(t.db, "sbom-clean", "nc")).items).toEqual([]);
    const d = await getHostDrift(t.db, "sbom-extra", "nc");
    expect(d.items.length).toBeGreaterThan(0);
    expect(d.items.filter((i) => !i.kind.startsWith("package-"))).toEqual([]);
    expect(d.items.map((i) => i.firstSeen)).toEqual(d.items.map(() => day(3).toISOString()));
  });

  it("accept into spec takes the packages and keeps the pinned files", async () => {
    await expect(adoptIntoSpec(t.db, SYSTEM, "nc", { hostname: "sbom-clean", dryRun: true })).rejects.toMatchObject({ code: "bad_request", message: expect.stringMatching(/no drift/) });
    const r = await adoptIntoSpec(t.db, SYSTEM, "nc", { hostname: "sbom-extra", dryRun: true });
    expect(r.items.length).toBeGreaterThan(0);
    expect(r.items.filter((i) => !i.kind.startsWith("package-"))).toEqual([]);
  });

  it("a rebuild is verified on what the host's source reports", async () => {
    await t.db.insert(rebuildRequests).values({ id: "nc-verify", fleetId, specVersion: 1, reason: "test", requestedBy: "system", requestedByName: "system", status: "running", approvalsRequired: 0, expiresAt: day(30) });
    await t.db.insert(rebuildHosts).values({ requestId: "nc-verify", hostId: ids["sbom-clean"], hostname: "sbom-clean", batch: 0, status: "verifying", providerDoneAt: day(2) });
    const [row] = await t.db.select().from(rebuildHosts).where(eq(rebuildHosts.requestId, "nc-verify"));
    await verifyRebuild(t.db, ids["sbom-clean"], (await getHostDrift(t.db, "sbom-clean", "nc")).fingerprint!, day(4));
    const [after] = await t.db.select().from(rebuildHosts).where(eq(rebuildHosts.requestId, "nc-verify"));
    expect(row.status).toBe("verifying");
    expect(after).toMatchObject({ status: "succeeded", remainingDrift: 0 });
  });

  it("the drift export lists no config item for them, counts the clean one as clean, and no snowflake for files", async () => {
    const e = await exportDrift(t.db, { fleet: "nc" });
    const out = new Map<string, { driftCount: number | null; kinds: string[]; score: number }>();
    for await (const h of e.hosts()) out.set(h.hostname, { driftCount: h.driftCount, kinds: h.items.map((i) => i.kind), score: h.snowflakeScore });
    expect(out.get("sbom-clean")).toEqual({ driftCount: 0, kinds: [], score: 0 });
    // The only host reporting files is not "unlike its cohort" for having them.
    expect(out.get("gold")).toEqual({ driftCount: 0, kinds: [], score: 0 });
    const extra = out.get("sbom-extra")!;
    expect(extra.kinds.length).toBeGreaterThan(0);
    expect(extra.kinds.filter((k) => !k.startsWith("package-"))).toEqual([]);
  });
});

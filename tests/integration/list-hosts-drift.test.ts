// The rebuild queue's drift summary (lib/services/list-hosts-drift.ts), on both databases: per named host, the
// count by kind and the first items; a host without a report counts as unknown, and unnamed hosts are not read.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "@/lib/services/audit";
import { captureSpec } from "@/lib/services/capture-spec";
import { createEnrollSecret } from "@/lib/services/create-enroll-secret";
import { createFleet } from "@/lib/services/create-fleet";
import { enrollHost } from "@/lib/services/enroll-host";
import { authenticateHost, ingestFingerprint } from "@/lib/services/ingest-fingerprint";
import { listHostsDrift } from "@/lib/services/list-hosts-drift";
import { DRIVERS, openTestDb, type TestDb } from "./support/databases";
import { EXTRAS, host, install, report } from "./support/reports";

describe.each(DRIVERS)("drift of a request's hosts on %s", (kind) => {
  let t: TestDb;

  beforeAll(async () => {
    t = await openTestDb(kind);
    await createFleet(t.db, SYSTEM, { name: "q", strategy: "immutable" });
    const { secret } = await createEnrollSecret(t.db, SYSTEM, "q");
    for (const name of ["gold", "drifted", "silent", "other"]) {
      const { hostKey } = await enrollHost(t.db, null, { secret, hostname: name, machineId: null });
      if (name === "silent") continue; // enrolled, never reported
      const h = host(name);
      if (name === "drifted" || name === "other") install(h, EXTRAS.debugging);
      await ingestFingerprint(t.db, await authenticateHost(t.db, hostKey), report(h));
    }
    await captureSpec(t.db, SYSTEM, "q", "gold");
  });
  afterAll(async () => t?.close());

  it("counts each named host's drift by kind and keeps the first items", async () => {
    const out = await listHostsDrift(t.db, [{ fleet: "q", hostnames: ["gold", "drifted", "silent"] }]);
    expect(Object.keys(out)).toEqual(["q"]);
    expect(Object.keys(out.q).sort()).toEqual(["drifted", "gold", "silent"]);
    expect(out.q.gold).toEqual({ count: 0, byKind: {}, top: [] });
    expect(out.q.silent).toEqual({ count: null, byKind: {}, top: [] });
    const extras = EXTRAS.debugging.length;
    expect(extras).toBeGreaterThan(0);
    expect(out.q.drifted.count).toBe(extras);
    expect(out.q.drifted.byKind).toEqual({ "package-extra": extras });
    expect(out.q.drifted.top).toHaveLength(Math.min(3, extras));
    expect(out.q.drifted.top[0]).toMatchObject({ kind: "package-extra", expected: null });
  });
});

// Drift with a direction, on both databases: a host running newer packages than its spec is "ahead"; a rebuild of
// it would move those packages backwards, so requesting and approving it each need an explicit yes, and an
// automatic rebuild leaves it alone.
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, fleets, rebuildRequests } from "@/db/schema";
import { bumpVersion } from "@/lib/demo/demo-hosts";
import type { Principal } from "@/lib/server/principal";
import { approvePolicyChange } from "@/lib/services/approve-policy-change";
import { approveRebuild } from "@/lib/services/approve-rebuild";
import { SYSTEM } from "@/lib/services/audit";
import { cancelRebuild } from "@/lib/services/cancel-rebuild";
import { captureSpec } from "@/lib/services/capture-spec";
import { createEnrollSecret } from "@/lib/services/create-enroll-secret";
import { createFleet } from "@/lib/services/create-fleet";
import { enrollHost } from "@/lib/services/enroll-host";
import { getHost } from "@/lib/services/get-host";
import { getRebuild } from "@/lib/services/get-rebuild";
import { authenticateHost, ingestFingerprint } from "@/lib/services/ingest-fingerprint";
import { requestRebuild } from "@/lib/services/request-rebuild";
import { setFleetPolicy } from "@/lib/services/set-fleet-policy";
import { DRIVERS, openTestDb, type TestDb } from "./support/databases";
import { EXTRAS, host, install, report } from "./support/reports";

const person = (id: string, role: Principal["role"]): Principal => ({ userId: id, email: `${id}@example.test`, name: id, role, via: "session" });
const olivia = person("olivia", "operator");
const alice = person("alice", "approver");
const ada = person("ada", "admin");
const grace = person("grace", "admin");
const act = (p: Principal) => ({ name: p.email, ip: null });

describe.each(DRIVERS)("drift direction and downgrades on %s", (kind) => {
  let t: TestDb;
  const keys: Record<string, string> = {};
  let spec = "";
  let newer = "";
  /** ahead: libssl3 one security update newer than the spec; behind: curl one older; drifted: an extra package. */
  const state = (name: string, how: "clean" | "ahead" | "behind" | "drifted") => {
    const h = host(name);
    const ssl = h.packages.get("libssl3")!;
    spec = ssl.version;
    newer = bumpVersion(ssl.version);
    if (how === "ahead") h.packages.set("libssl3", { ...ssl, version: newer });
    if (how === "behind") h.packages.set("libssl3", { ...ssl, version: ssl.version.replace(/deb12u(\d+)$/, (_, n) => `deb12u${Math.max(0, Number(n) - 1)}`) || `${ssl.version}~old` });
    if (how === "drifted") install(h, EXTRAS.debugging);
    return h;
  };
  const send = async (name: string, how: "clean" | "ahead" | "behind" | "drifted") => ingestFingerprint(t.db, await authenticateHost(t.db, keys[name]), report(state(name, how)));

  beforeAll(async () => {
    t = await openTestDb(kind);
    await createFleet(t.db, SYSTEM, { name: "dir", strategy: "immutable" });
    const { secret } = await createEnrollSecret(t.db, SYSTEM, "dir");
    for (const [name, how] of [["gold", "clean"], ["up", "ahead"], ["down", "behind"], ["extra", "drifted"]] as const) {
      keys[name] = (await enrollHost(t.db, null, { secret, hostname: name, machineId: null })).hostKey;
      await send(name, how);
    }
    await captureSpec(t.db, SYSTEM, "dir", "gold");
  });
  afterAll(async () => t?.close());

  it("says whether each version item is behind or ahead of the spec, and what a rebuild would do", async () => {
    const up = await getHost(t.db, "up", "dir");
    const item = up.drift!.find((d) => d.subject === "libssl3")!;
    expect(item).toMatchObject({ kind: "package-version", expected: spec, actual: newer, direction: "ahead" });
    expect(item.explain).toBe(`libssl3: expected ${spec}, found ${newer} (newer than the spec: a rebuild would downgrade it)`);
    const down = await getHost(t.db, "down", "dir");
    expect(down.drift!.find((d) => d.subject === "libssl3")).toMatchObject({ direction: "behind" });
  });

  it("refuses to request a downgrade until the requester confirms it; approvers confirm too", async () => {
    await expect(requestRebuild(t.db, olivia, act(olivia), { hosts: ["up", "extra"], reason: "back to spec" })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining(`This rebuild downgrades libssl3 ${newer} → ${spec} on up: those hosts are ahead of the spec`),
    });
    expect(await t.db.select().from(rebuildRequests)).toHaveLength(0);
    const r = await requestRebuild(t.db, olivia, act(olivia), { hosts: ["up", "extra"], reason: "back to spec", confirmDowngrades: true });
    const d = await getRebuild(t.db, r.id);
    expect(d.downgrades).toEqual([{ hostname: "up", subject: "libssl3", from: newer, to: spec }]);
    await expect(approveRebuild(t.db, alice, act(alice), r.id, null)).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/downgrades libssl3 .* on up\. Approve with confirmDowngrades: true/) });
    expect((await approveRebuild(t.db, alice, act(alice), r.id, "yes, on purpose", new Date(), { confirmDowngrades: true })).status).toBe("approved");
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, "rebuild.approve")).orderBy(desc(auditLog.id)).limit(1);
    expect(audit.detail).toMatchObject({ confirmedDowngrades: 1 });
    await cancelRebuild(t.db, ada, act(ada), r.id);
    // A host behind its spec is an upgrade: nothing to confirm.
    const plain = await requestRebuild(t.db, olivia, act(olivia), { hosts: ["down"], reason: "upgrade it" });
    expect((await getRebuild(t.db, plain.id)).downgrades).toEqual([]);
    await cancelRebuild(t.db, ada, act(ada), plain.id);
  });

  it("an automatic rebuild leaves hosts ahead of the spec to a person, and says so", async () => {
    const { pending } = await setFleetPolicy(t.db, ada, act(ada), "dir", { autoRebuild: true, provider: { kind: "command", argv: ["/bin/true"], timeoutSeconds: 30 } });
    await approvePolicyChange(t.db, grace, act(grace), "dir", pending!.id);
    await captureSpec(t.db, SYSTEM, "dir", "gold"); // a new spec version starts the automatic rebuild
    const auto = (await t.db.select().from(rebuildRequests).where(eq(rebuildRequests.requestedBy, "system")))[0];
    const d = await getRebuild(t.db, auto.id);
    expect(d.hosts.map((h) => h.hostname).sort()).toEqual(["down", "extra"]);
    const [skipped] = await t.db.select().from(auditLog).where(eq(auditLog.action, "rebuild.auto-skipped-downgrade"));
    expect(skipped.detail).toMatchObject({ hosts: ["up"], count: 1 });
    await t.db.update(fleets).set({ autoRebuild: false }).where(eq(fleets.name, "dir"));
  });
});

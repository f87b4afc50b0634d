// Rebuild requests end to end in-process on both databases, with the real command provider running a script:
// four eyes, staleness, N of M, concurrent approvals, restart mid-run, verification, halting a rollout.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fleets, jobs, rebuildHosts } from "@/db/schema";
import { claimJob } from "@/lib/jobs/claim-job";
import { startWorker } from "@/lib/jobs/worker";
import type { Principal } from "@/lib/server/principal";
import { approvePolicyChange } from "@/lib/services/approve-policy-change";
import { approveRebuild } from "@/lib/services/approve-rebuild";
import { SYSTEM } from "@/lib/services/audit";
import { captureSpec } from "@/lib/services/capture-spec";
import { cancelRebuild } from "@/lib/services/cancel-rebuild";
import { createEnrollSecret } from "@/lib/services/create-enroll-secret";
import { createFleet } from "@/lib/services/create-fleet";
import { enrollHost } from "@/lib/services/enroll-host";
import { getRebuild, listRebuilds } from "@/lib/services/get-rebuild";
import { authenticateHost, ingestFingerprint } from "@/lib/services/ingest-fingerprint";
import { rejectRebuild } from "@/lib/services/reject-rebuild";
import { requestRebuild } from "@/lib/services/request-rebuild";
import { setFleetPolicy } from "@/lib/services/set-fleet-policy";
import { sweepRebuilds } from "@/lib/services/sweep-rebuilds";
import { DRIVERS, openTestDb, type TestDb } from "./support/databases";
import { EXTRAS, host, install, report } from "./support/reports";

const person = (id: string, role: Principal["role"]): Principal => ({ userId: id, email: `${id}@example.test`, name: id, role, via: "session" });
const olivia = person("olivia", "operator");
const alice = person("alice", "approver");
const bob = person("bob", "approver");
const ada = person("ada", "admin");
const grace = person("grace", "admin");
const act = (p: Principal) => ({ name: p.email, ip: null });

const work = fs.mkdtempSync(path.join(os.tmpdir(), "fp-rebuild-"));
const script = path.join(work, "rebuild.sh");
fs.writeFileSync(script, '#!/bin/sh\necho "rebuilding $1 from $2"\necho "$1" >> "$INVOCATIONS"\ntest -r "$2"\n', { mode: 0o755 });

describe.each(DRIVERS)("rebuilds on %s", (kind) => {
  let t: TestDb;
  const keys: Record<string, string> = {};
  const invocations = path.join(work, `${kind}.log`);
  const ran = () => (fs.existsSync(invocations) ? fs.readFileSync(invocations, "utf8").trim().split("\n").filter(Boolean) : []);
  const env = { ...process.env, INVOCATIONS: invocations };

  /** A host reports: drifted (with extra packages) or clean (what a rebuild from spec produces). */
  const reportAs = async (hostname: string, drifted: boolean) => {
    const h = host(hostname);
    if (drifted) install(h, EXTRAS.debugging);
    const who = await authenticateHost(t.db, keys[hostname]);
    return ingestFingerprint(t.db, who, report(h));
  };

  beforeAll(async () => {
    t = await openTestDb(kind);
    await createFleet(t.db, SYSTEM, { name: "web", strategy: "immutable" });
    const { secret } = await createEnrollSecret(t.db, SYSTEM, "web");
    for (let i = 1; i <= 8; i++) {
      const name = `w${i}`;
      keys[name] = (await enrollHost(t.db, null, { secret, hostname: name, machineId: null })).hostKey;
      await reportAs(name, name !== "w1");
    }
    await captureSpec(t.db, SYSTEM, "web", "w1");
    await t.db
      .update(fleets)
      .set({ batchSize: 2, canary: true, verifyMinutes: 5, provider: { kind: "command", argv: ["/bin/sh", script, "{hostname}", "{specFile}"], timeoutSeconds: 30, passEnv: ["INVOCATIONS"] } })
      .where(eq(fleets.name, "web"));
  });
  afterAll(async () => t?.close());

  it("refuses self-approval and stale approvals", async () => {
    const r = await requestRebuild(t.db, olivia, act(olivia), { hosts: ["w2"], reason: "drifted" });
    await expect(approveRebuild(t.db, olivia, act(olivia), r.id, null)).rejects.toThrow(/second person/);
    await reportAs("w2", false); // the host changed since the request
    const stale = await approveRebuild(t.db, alice, act(alice), r.id, null);
    expect(stale.status).toBe("stale");
    expect((await getRebuild(t.db, r.id)).message).toMatch(/w2 reported a new fingerprint/);
    await reportAs("w2", true);
    await cancelRebuild(t.db, olivia, act(olivia), r.id);
    await expect(approveRebuild(t.db, bob, act(bob), r.id, null)).rejects.toThrow(/cancelled/);
  });

  it("needs N distinct approvers when the policy says so; a rejection is final", async () => {
    await t.db.update(fleets).set({ approvalsRequired: 2 }).where(eq(fleets.name, "web"));
    const r = await requestRebuild(t.db, olivia, act(olivia), { hosts: ["w3"], reason: "two approvers" });
    expect((await approveRebuild(t.db, alice, act(alice), r.id, "ok")).status).toBe("pending");
    await expect(approveRebuild(t.db, alice, act(alice), r.id, null)).rejects.toThrow(/already decided/);
    expect((await approveRebuild(t.db, bob, act(bob), r.id, "ok too")).status).toBe("approved");
    await cancelRebuild(t.db, olivia, act(olivia), r.id);
    await t.db.update(fleets).set({ approvalsRequired: 1 }).where(eq(fleets.name, "web"));
    const r2 = await requestRebuild(t.db, olivia, act(olivia), { hosts: ["w3"], reason: "again" });
    await rejectRebuild(t.db, bob, act(bob), r2.id, "not during the sale");
    await expect(approveRebuild(t.db, alice, act(alice), r2.id, null)).rejects.toThrow(/rejected/);
  });

  it("two approvers at once produce one execution", async () => {
    const r = await requestRebuild(t.db, olivia, act(olivia), { hosts: ["w4"], reason: "race" });
    const results = await Promise.allSettled([approveRebuild(t.db, alice, act(alice), r.id, null), approveRebuild(t.db, bob, act(bob), r.id, null)]);
    expect(results.filter((x) => x.status === "fulfilled" && x.value.status === "approved")).toHaveLength(1);
    expect(await t.db.select().from(jobs).where(eq(jobs.requestId, r.id))).toHaveLength(1);
    await cancelRebuild(t.db, olivia, act(olivia), r.id);
  });

  it("rolls out canary first, verifies each host's next report, and halts when one fails", async () => {
    const r = await requestRebuild(t.db, olivia, act(olivia), { hosts: ["w5", "w6", "w7", "w8"], reason: "quarterly rebuild" });
    await approveRebuild(t.db, alice, act(alice), r.id, "go");
    const worker = startWorker(t.db, { env, pollMs: 50 }, false);
    await worker.drain(); // canary w5 runs
    expect(ran()).toEqual(["w5"]);
    let d = await getRebuild(t.db, r.id);
    expect(d.hosts.map((h) => h.status)).toEqual(["verifying", "waiting", "waiting", "waiting"]);
    expect(d.hosts[0].log).toMatch(/rebuilding w5 from/);
    await reportAs("w5", false); // the rebuilt canary matches the spec
    d = await getRebuild(t.db, r.id);
    expect(d.hosts.map((h) => h.status)).toEqual(["succeeded", "queued", "queued", "waiting"]);
    await worker.drain();
    expect(ran().slice(-2).sort()).toEqual(["w6", "w7"]);
    await reportAs("w6", false);
    await reportAs("w7", true); // came back still drifted
    expect((await getRebuild(t.db, r.id)).hosts.find((h) => h.hostname === "w7")!.remainingDrift).toBe(3);
    await sweepRebuilds(t.db, new Date(Date.now() + 6 * 60_000)); // past the verification deadline
    d = await getRebuild(t.db, r.id);
    expect(d.status).toBe("failed");
    expect(d.hosts.map((h) => `${h.hostname}:${h.status}`)).toEqual(["w5:succeeded", "w6:succeeded", "w7:failed", "w8:skipped"]);
    expect(d.hosts[2].message).toMatch(/still reports 3 drift item/);
    expect(ran()).not.toContain("w8");
    await worker.stop();
  });

  it("a restart mid-run does not call the provider twice", async () => {
    const r = await requestRebuild(t.db, olivia, act(olivia), { hosts: ["w2"], reason: "restart test" });
    await approveRebuild(t.db, alice, act(alice), r.id, null);
    // A worker claimed the job and began the provider call, then the process died (its lease runs out).
    const job = await claimJob(t.db, "dead-worker");
    await t.db.update(jobs).set({ phase: "invoking", lockedUntil: new Date(Date.now() - 1000) }).where(eq(jobs.id, job!.id));
    const before = ran().length;
    const worker = startWorker(t.db, { env }, false);
    await worker.drain();
    await worker.stop();
    expect(ran().length).toBe(before);
    const [h] = await t.db.select().from(rebuildHosts).where(eq(rebuildHosts.requestId, r.id));
    expect(h.status).toBe("verifying");
    expect(h.log).toMatch(/restarted during the provider call; not calling it again/);
    await reportAs("w2", false);
    expect((await getRebuild(t.db, r.id)).status).toBe("succeeded");
  });

  it("an immutable fleet with automatic rebuilds starts one on a new spec version, without a person", async () => {
    // Automatic rebuilds are four-eyes too: one admin asks, another approves.
    const { pending } = await setFleetPolicy(t.db, ada, act(ada), "web", { autoRebuild: true });
    await approvePolicyChange(t.db, grace, act(grace), "web", pending!.id);
    await captureSpec(t.db, SYSTEM, "web", "w5"); // a new spec version (same content as w5, which is clean)
    const auto = (await listRebuilds(t.db, { fleet: "web" })).find((r) => r.requestedById === "system");
    expect(auto).toBeDefined();
    expect(auto!.status).toBe("approved");
    expect(auto!.hosts.map((h) => h.hostname).sort()).toEqual(["w3", "w4", "w7", "w8"]);
    await cancelRebuild(t.db, { ...olivia, role: "admin" }, act(olivia), auto!.id);
    await t.db.update(fleets).set({ autoRebuild: false }).where(eq(fleets.name, "web"));
  });

  it("expires requests nobody approved in time", async () => {
    const r = await requestRebuild(t.db, olivia, act(olivia), { hosts: ["w3"], reason: "will expire" });
    await sweepRebuilds(t.db, new Date(Date.now() + 73 * 3_600_000));
    expect((await getRebuild(t.db, r.id)).status).toBe("expired");
  });
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

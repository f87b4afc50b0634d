// Rebuilds against the DigitalOcean fake (its published contract) in-process on both databases: transient
// answers are tried again with backoff up to the fleet's limit and each attempt is recorded; final answers are
// not; a remote action an attempt started is followed, never started twice; one rebuild at a time per host.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fleets, hosts, jobs, rebuildHosts } from "@/db/schema";
import type { Principal } from "@/lib/server/principal";
import { startWorker } from "@/lib/jobs/worker";
import { approveRebuild } from "@/lib/services/approve-rebuild";
import { SYSTEM } from "@/lib/services/audit";
import { cancelRebuild } from "@/lib/services/cancel-rebuild";
import { captureSpec } from "@/lib/services/capture-spec";
import { createEnrollSecret } from "@/lib/services/create-enroll-secret";
import { createFleet } from "@/lib/services/create-fleet";
import { enrollHost } from "@/lib/services/enroll-host";
import { getRebuild } from "@/lib/services/get-rebuild";
import { authenticateHost, ingestFingerprint } from "@/lib/services/ingest-fingerprint";
import { requestRebuild } from "@/lib/services/request-rebuild";
import { startFakeDigitalOcean, type FakeDigitalOcean } from "@/tests/fakes/digitalocean";
import { DRIVERS, openTestDb, type TestDb } from "./support/databases";
import { EXTRAS, host, install, report } from "./support/reports";

const person = (id: string, role: Principal["role"]): Principal => ({ userId: id, email: `${id}@example.test`, name: id, role, via: "session" });
const olivia = person("olivia", "operator");
const alice = person("alice", "approver");
const act = (p: Principal) => ({ name: p.email, ip: null });
const TOKEN = "dop_v1_retry_test_token";
const DROPLETS: Record<string, number> = { d1: 5001, d2: 5002, d3: 5003, d4: 5004, d5: 5005 };

describe.each(DRIVERS)("rebuild retries on %s", (kind) => {
  let t: TestDb;
  let fake: FakeDigitalOcean;
  const keys: Record<string, string> = {};
  const env = { PATH: process.env.PATH, DIGITALOCEAN_TOKEN: TOKEN, FLEETPRINT_OUTBOUND_ALLOW: "127.0.0.1" };
  const saved = process.env.FLEETPRINT_REBUILD_BACKOFF_MS;

  const reportAs = async (hostname: string, drifted: boolean) => {
    const h = host(hostname);
    if (drifted) install(h, EXTRAS.debugging);
    return ingestFingerprint(t.db, await authenticateHost(t.db, keys[hostname]), report(h));
  };
  /** Runs the worker until the host leaves "running" (retries are due within milliseconds here). */
  const runUntilSettled = async (requestId: string, hostname: string) => {
    const worker = startWorker(t.db, { env, pollMs: 10 }, false);
    try {
      for (let i = 0; i < 200; i++) {
        await worker.drain();
        const h = (await getRebuild(t.db, requestId, { answers: true })).hosts.find((x) => x.hostname === hostname)!;
        if (!["running", "queued"].includes(h.status)) return h;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`${hostname} never settled`);
    } finally {
      await worker.stop();
    }
  };
  const approved = async (hostnames: string[]) => {
    const r = await requestRebuild(t.db, olivia, act(olivia), { hosts: hostnames, reason: "retry test" });
    await approveRebuild(t.db, alice, act(alice), r.id, null);
    return r.id;
  };
  const posts = (droplet: number) => fake.calls.filter((c) => c.method === "POST" && c.path === `/v2/droplets/${droplet}/actions`).length;

  beforeAll(async () => {
    process.env.FLEETPRINT_REBUILD_BACKOFF_MS = "20";
    fake = await startFakeDigitalOcean({ token: TOKEN, droplets: Object.values(DROPLETS), pollsBeforeDone: 1 });
    t = await openTestDb(kind);
    await createFleet(t.db, SYSTEM, { name: "dof", strategy: "immutable" });
    const { secret } = await createEnrollSecret(t.db, SYSTEM, "dof");
    for (const name of ["clean", ...Object.keys(DROPLETS)]) {
      keys[name] = (await enrollHost(t.db, null, { secret, hostname: name, machineId: null })).hostKey;
      await reportAs(name, name !== "clean");
      if (DROPLETS[name]) await t.db.update(hosts).set({ providerRef: String(DROPLETS[name]) }).where(eq(hosts.hostname, name));
    }
    await captureSpec(t.db, SYSTEM, "dof", "clean");
    const provider = { kind: "digitalocean" as const, image: "ubuntu-24-04-x64", tokenEnv: "DIGITALOCEAN_TOKEN", apiBase: fake.url, pollIntervalSeconds: 0.01, timeoutSeconds: 60 };
    await t.db.update(fleets).set({ provider, batchSize: 10, canary: false, rebuildAttempts: 3, verifyMinutes: 5 }).where(eq(fleets.name, "dof"));
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.FLEETPRINT_REBUILD_BACKOFF_MS;
    else process.env.FLEETPRINT_REBUILD_BACKOFF_MS = saved;
    await t?.close();
    await fake?.close();
  });

  it("a busy droplet (422 pending event) and a 5xx are tried again with backoff; every attempt is shown", async () => {
    fake.failNext({ status: 503, times: 1, match: (c) => c.method === "POST" && c.path === `/v2/droplets/${DROPLETS.d1}/actions` });
    // Another action is still running on the droplet: DigitalOcean answers 422 "pending event".
    fake.actions.set(1, { ...[...fake.actions.values()][0], id: 1, status: "in-progress", type: "power_cycle", resource_id: DROPLETS.d1, image: "x", pollsLeft: 1e9 } as never);
    // Waits long enough that no drain runs the next attempt on its own (a loaded machine made 20 ms race the drain);
    // the test moves each wait's end to now instead of sleeping through it.
    process.env.FLEETPRINT_REBUILD_BACKOFF_MS = "600000";
    const id = await approved(["d1"]);
    const due = () => t.db.update(jobs).set({ runAfter: new Date(Date.now() - 1000) }).where(and(eq(jobs.requestId, id), eq(jobs.status, "queued")));
    const worker = startWorker(t.db, { env, pollMs: 10 }, false);
    await worker.drain();
    let h = (await getRebuild(t.db, id, { answers: true })).hosts[0];
    expect(h.status).toBe("running");
    expect(h.attemptCount).toBe(1);
    expect(h.nextAttemptAt).not.toBeNull();
    expect(h.message).toMatch(/attempt 1 of 3 failed: .*DigitalOcean failed to start the rebuild \(HTTP 503.*trying again in/);
    await due();
    await worker.drain(); // attempt 2: the pending event
    await worker.stop();
    h = (await getRebuild(t.db, id, { answers: true })).hosts[0];
    expect(h.attempts.map((a) => a.outcome)).toEqual(["retrying", "retrying"]);
    expect(h.attempts[1].message).toMatch(/busy with another action/);
    fake.actions.get(1)!.status = "completed";
    await due();
    process.env.FLEETPRINT_REBUILD_BACKOFF_MS = "20";
    h = await runUntilSettled(id, "d1");
    expect(h.status).toBe("verifying");
    expect(h.attempts.map((a) => `${a.attempt}:${a.kind}:${a.outcome}`)).toEqual(["1:call:retrying", "2:call:retrying", "3:call:succeeded"]);
    expect(h.attempts[2].externalId).toMatch(/^\d+$/);
    expect(posts(DROPLETS.d1)).toBe(3);
    expect(h.log).not.toContain(TOKEN);
    await reportAs("d1", false);
    expect((await getRebuild(t.db, id)).status).toBe("succeeded");
  });

  it("a final answer ends it at once, and the fleet's limit ends a transient one", async () => {
    await t.db.update(hosts).set({ providerRef: "9999" }).where(eq(hosts.hostname, "d2")); // no such droplet: 404
    const gone = await approved(["d2"]);
    let h = await runUntilSettled(gone, "d2");
    expect(h).toMatchObject({ status: "failed", attemptCount: 1, message: expect.stringMatching(/droplet 9999 not found/) });
    await t.db.update(hosts).set({ providerRef: String(DROPLETS.d2) }).where(eq(hosts.hostname, "d2"));

    fake.failNext({ status: 500, times: 10, match: (c) => c.path === `/v2/droplets/${DROPLETS.d3}/actions` });
    const down = await approved(["d3"]);
    h = await runUntilSettled(down, "d3");
    expect(h.status).toBe("failed");
    expect(h.attemptCount).toBe(3);
    expect(h.message).toMatch(/gave up after 3 attempts \(the fleet allows 3\)/);
    expect(h.attempts.map((a) => a.outcome)).toEqual(["retrying", "retrying", "failed"]);
    expect(posts(DROPLETS.d3)).toBe(3);
  });

  it("a status check that keeps failing is retried by following the same action, never by starting another", async () => {
    const id = await approved(["d4"]);
    // The action starts; then every status check answers 502 until the poller gives up on this attempt.
    fake.options.pollsBeforeDone = 3;
    fake.failNext({ status: 502, times: 6, match: (c) => c.method === "GET" && c.path.startsWith("/v2/actions/") });
    const h = await runUntilSettled(id, "d4");
    fake.options.pollsBeforeDone = 1;
    expect(h.status).toBe("verifying");
    expect(posts(DROPLETS.d4)).toBe(1);
    expect(h.attempts.map((a) => `${a.kind}:${a.outcome}`)).toEqual(["call:retrying", "resume:succeeded"]);
    expect(h.attempts[1].externalId).toBe(h.attempts[0].externalId);
  });

  it("a graceful stop during a call leaves it to the next start, which follows the same action", async () => {
    fake.options.pollsBeforeDone = Infinity;
    const id = await approved(["d2"]);
    const gets = () => fake.calls.filter((c) => c.method === "GET" && c.path.startsWith("/v2/actions/")).length;
    const seen = gets();
    const worker = startWorker(t.db, { env, pollMs: 10, stopGraceMs: 100 }, false);
    const running = worker.drain();
    for (let i = 0; i < 200 && gets() === seen; i++) await new Promise((r) => setTimeout(r, 20));
    expect(gets()).toBeGreaterThan(seen); // the action exists and is being followed
    await worker.stop();
    await running;
    const posted = posts(DROPLETS.d2);
    let h = (await getRebuild(t.db, id, { answers: true })).hosts[0];
    expect(h.status).toBe("running");
    expect(h.attempts.map((a) => a.outcome)).toEqual(["interrupted"]);
    const [job] = await t.db.select().from(jobs).where(eq(jobs.requestId, id));
    expect(job).toMatchObject({ status: "queued", phase: "invoking" });
    for (const a of fake.actions.values()) if (a.resource_id === DROPLETS.d2) a.pollsLeft = 1;
    fake.options.pollsBeforeDone = 1;
    h = await runUntilSettled(id, "d2");
    expect(h.status).toBe("verifying");
    expect(posts(DROPLETS.d2)).toBe(posted);
    expect(h.attempts.map((a) => `${a.kind}:${a.outcome}`)).toEqual(["call:interrupted", "resume:succeeded"]);
    await reportAs("d2", false);
  });

  it("one rebuild at a time per host: a second request is refused, racing requests get one, and jobs wait where they start", async () => {
    const first = await requestRebuild(t.db, olivia, act(olivia), { hosts: ["d5"], reason: "first" });
    await expect(requestRebuild(t.db, olivia, act(olivia), { hosts: ["d5"], reason: "second" })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(new RegExp(`One rebuild at a time per host: d5 \\(request ${first.id}, pending\\)`)),
    });
    await cancelRebuild(t.db, olivia, act(olivia), first.id);
    const race = await Promise.allSettled([1, 2, 3].map((n) => requestRebuild(t.db, olivia, act(olivia), { hosts: ["d5"], reason: `race ${n}` })));
    expect(race.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(race.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(["conflict", "conflict"]);
    const winner = (race.find((r) => r.status === "fulfilled") as PromiseFulfilledResult<{ id: string }>).value.id;
    await approveRebuild(t.db, alice, act(alice), winner, null);
    const before = posts(DROPLETS.d5);
    // The winner's job starts first: with both queued at once, which takes the host's lock first is up to the
    // scheduler (under load "other" could), and the point here is the job that finds the host busy.
    const worker = startWorker(t.db, { env, pollMs: 10 }, false);
    await worker.drain();
    // A request made before this rule (or by hand) that also holds d5: its job must wait for the first.
    const other = await requestRebuild(t.db, olivia, act(olivia), { hosts: ["d2"], reason: "other" });
    await approveRebuild(t.db, alice, act(alice), other.id, null);
    const [d5] = await t.db.select({ id: hosts.id }).from(hosts).where(eq(hosts.hostname, "d5"));
    await t.db.execute(sql`update jobs set host_id = ${d5.id} where request_id = ${other.id}`);
    await t.db.execute(sql`update rebuild_hosts set host_id = ${d5.id}, hostname = 'd5' where request_id = ${other.id}`);
    await worker.drain();
    await worker.stop();
    expect(posts(DROPLETS.d5)).toBe(before + 1);
    const [waiting] = await t.db.select().from(rebuildHosts).where(eq(rebuildHosts.requestId, other.id));
    expect(waiting.status).toBe("queued");
    // The second saw the first's call done (verifying) or, on a slow call, still under way.
    expect(waiting.message).toMatch(new RegExp(`^request ${winner} is (rebuilding|verifying) this host; starting after it$`));
    const [job] = await t.db.select().from(jobs).where(and(eq(jobs.requestId, other.id), eq(jobs.status, "queued")));
    expect(job.phase).toBe("new");
  });
});

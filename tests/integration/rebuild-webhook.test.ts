// The webhook provider against a local receiver that follows the contract, with the signed completion
// callback a CI pipeline sends back: bad signatures change nothing, a good one hands the host to verification.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fleets } from "@/db/schema";
import { startWorker } from "@/lib/jobs/worker";
import { signBody } from "@/lib/providers/signature";
import { approveRebuild } from "@/lib/services/approve-rebuild";
import { SYSTEM } from "@/lib/services/audit";
import { captureSpec } from "@/lib/services/capture-spec";
import { completeCallback } from "@/lib/services/complete-callback";
import { createEnrollSecret } from "@/lib/services/create-enroll-secret";
import { createFleet } from "@/lib/services/create-fleet";
import { enrollHost } from "@/lib/services/enroll-host";
import { getRebuild } from "@/lib/services/get-rebuild";
import { listDispatched } from "@/lib/services/list-dispatched";
import { authenticateHost, ingestFingerprint } from "@/lib/services/ingest-fingerprint";
import { requestRebuild } from "@/lib/services/request-rebuild";
import { startWebhookReceiver, type WebhookReceiver } from "../fakes/webhook-receiver";
import { DRIVERS, openTestDb, type TestDb } from "./support/databases";
import { EXTRAS, host, install, report } from "./support/reports";

const SECRET = "whsec-test-1";
// The receiver listens on loopback, which the worker may call only because the allow list names it.
const env = { ...process.env, CI_HOOK_SECRET: SECRET, FLEETPRINT_OUTBOUND_ALLOW: "127.0.0.1" };
const olivia = { userId: "olivia", email: "olivia@x", name: "olivia", role: "operator" as const, via: "session" as const };
const alice = { ...olivia, userId: "alice", email: "alice@x", name: "alice", role: "approver" as const };

describe.each(DRIVERS)("webhook rebuilds on %s", (kind) => {
  let t: TestDb;
  let receiver: WebhookReceiver;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    t = await openTestDb(kind);
    receiver = await startWebhookReceiver({ secret: SECRET });
    await createFleet(t.db, SYSTEM, { name: "ci", strategy: "immutable" });
    const { secret } = await createEnrollSecret(t.db, SYSTEM, "ci");
    for (const name of ["c1", "c2"]) {
      keys[name] = (await enrollHost(t.db, null, { secret, hostname: name, machineId: null })).hostKey;
      const h = host(name);
      if (name === "c2") install(h, EXTRAS.redis);
      await ingestFingerprint(t.db, await authenticateHost(t.db, keys[name]), report(h));
    }
    await captureSpec(t.db, SYSTEM, "ci", "c1");
    await t.db
      .update(fleets)
      .set({ provider: { kind: "webhook", url: `${receiver.url}/hooks/fleetprint`, format: "generic", secretEnv: "CI_HOOK_SECRET", waitForCallback: true, timeoutSeconds: 5, ref: "main", eventType: "fleetprint-rebuild" } })
      .where(eq(fleets.name, "ci"));
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.close();
  });

  it("triggers the pipeline with a signed payload, then completes on a signed callback", async () => {
    const r = await requestRebuild(t.db, olivia, SYSTEM, { hosts: ["c2"], reason: "CI rebuild" });
    await approveRebuild(t.db, alice, SYSTEM, r.id, null);
    const worker = startWorker(t.db, { env, callbackUrl: (id) => `http://fleetprint.test/api/v1/rebuilds/${id}/callback` }, false);
    await worker.drain();
    await worker.stop();
    expect(receiver.hooks).toHaveLength(1);
    expect(receiver.hooks[0].signatureValid).toBe(true);
    expect(receiver.hooks[0].payload).toMatchObject({ hostname: "c2", fleet: "ci", requestId: r.id, callbackUrl: `http://fleetprint.test/api/v1/rebuilds/${r.id}/callback` });
    expect((await getRebuild(t.db, r.id)).hosts[0].status).toBe("running"); // waiting for CI

    const body = JSON.stringify({ hostname: "c2", status: "succeeded", message: "pipeline #42 passed" });
    const ts = String(Math.floor(Date.now() / 1000));
    const parsed = JSON.parse(body);
    await expect(completeCallback(t.db, r.id, body, { signature: signBody(body, "wrong", ts), timestamp: ts }, parsed, env)).rejects.toThrow(/signature/);
    const old = String(Math.floor(Date.now() / 1000) - 3600);
    await expect(completeCallback(t.db, r.id, body, { signature: signBody(body, SECRET, old), timestamp: old }, parsed, env)).rejects.toThrow(/too old/);
    expect((await getRebuild(t.db, r.id)).hosts[0].status).toBe("running");
    expect(await completeCallback(t.db, r.id, body, { signature: signBody(body, SECRET, ts), timestamp: ts }, parsed, env)).toEqual({ status: "verifying" });
    await expect(completeCallback(t.db, r.id, body, { signature: signBody(body, SECRET, ts), timestamp: ts }, parsed, env)).rejects.toThrow(/not waiting/);

    await ingestFingerprint(t.db, await authenticateHost(t.db, keys.c2), report(host("c2"))); // rebuilt, clean
    const d = await getRebuild(t.db, r.id);
    expect(d.status).toBe("succeeded");
    expect(d.hosts[0].log).toMatch(/webhook/);
  });

  /** c2 drifts again, an operator asks, an approver approves, one worker pass runs with `workerEnv`. */
  const rebuildOnce = async (workerEnv: Record<string, string | undefined>) => {
    const h = host("c2");
    install(h, EXTRAS.redis);
    await ingestFingerprint(t.db, await authenticateHost(t.db, keys.c2), report(h));
    const r = await requestRebuild(t.db, olivia, SYSTEM, { hosts: ["c2"], reason: "again" });
    await approveRebuild(t.db, alice, SYSTEM, r.id, null);
    const worker = startWorker(t.db, { env: workerEnv }, false);
    await worker.drain();
    await worker.stop();
    return r.id;
  };

  it("refuses a loopback receiver unless FLEETPRINT_OUTBOUND_ALLOW names it, saying so on the attempt", async () => {
    const before = receiver.calls.length;
    const id = await rebuildOnce({ ...env, FLEETPRINT_OUTBOUND_ALLOW: undefined });
    const d = await getRebuild(t.db, id);
    expect(d.hosts[0]).toMatchObject({ status: "failed", message: expect.stringMatching(/refused: 127\.0\.0\.1 is a loopback address.*FLEETPRINT_OUTBOUND_ALLOW/) });
    expect(d.hosts[0].log).toContain("refused: 127.0.0.1 is a loopback address");
    expect(receiver.calls.length).toBe(before);
  });

  it("shows what the receiver answered to admins only, redacted", async () => {
    receiver.respondNext(422, { error: "unknown pipeline", token: "glpat-0123456789abcdef" });
    const id = await rebuildOnce(env);
    const admin = await getRebuild(t.db, id, { answers: true });
    expect(admin.hosts[0].message).toMatch(/refused the rebuild \(HTTP 422\); receiver said “.*unknown pipeline/);
    expect(admin.hosts[0].message).not.toContain("glpat-0123456789abcdef");
    const viewer = await getRebuild(t.db, id);
    expect(viewer.hosts[0].message).toMatch(/refused the rebuild \(HTTP 422\); receiver's answer hidden \(admins see it\)$/);
    expect(viewer.hosts[0].log + viewer.message).not.toContain("unknown pipeline");
  });

  it("a GitLab project that forbids pipeline variables: refused with what to change; without variables the pipeline reads its work, signed", async () => {
    const gitlab = (variables: boolean) => ({
      kind: "webhook" as const,
      url: `${receiver.url}/api/v4/projects/42/trigger/pipeline`,
      format: "gitlab" as const,
      tokenEnv: "GL_TRIGGER",
      secretEnv: "CI_HOOK_SECRET",
      waitForCallback: true,
      variables,
      timeoutSeconds: 5,
      ref: "main",
      eventType: "fleetprint-rebuild",
    });
    const glEnv = { ...env, GL_TRIGGER: "glptt-test" };
    receiver.options.gitlabRestrictVariables = true;
    await t.db.update(fleets).set({ provider: gitlab(true) }).where(eq(fleets.name, "ci"));
    const refused = await getRebuild(t.db, await rebuildOnce(glEnv), { answers: true });
    expect(refused.hosts[0]).toMatchObject({ status: "failed", attemptCount: 1, message: expect.stringContaining('Set "variables": false') });

    await t.db.update(fleets).set({ provider: gitlab(false) }).where(eq(fleets.name, "ci"));
    const id = await rebuildOnce(glEnv);
    const d = await getRebuild(t.db, id, { answers: true });
    expect(d.hosts[0]).toMatchObject({ status: "running", externalId: expect.stringMatching(/^\d+$/) });
    const pipelineId = d.hosts[0].externalId!;
    const ask = async (body: object, secret = SECRET) => {
      const raw = JSON.stringify(body);
      const ts = String(Math.floor(Date.now() / 1000));
      return listDispatched(t.db, raw, { signature: signBody(raw, secret, ts), timestamp: ts }, body as { fleet: string }, "https://fp.example.com", glEnv);
    };
    await expect(ask({ fleet: "ci" }, "wrong")).rejects.toMatchObject({ code: "unauthorized" });
    await expect(ask({ fleet: "nope" })).rejects.toMatchObject({ code: "not_found" });
    const { dispatches } = await ask({ fleet: "ci", pipelineId });
    expect(dispatches).toEqual([
      { requestId: id, hostname: "c2", fleet: "ci", providerRef: null, specVersion: expect.any(Number), pipelineId, startedAt: expect.any(String), callbackUrl: `https://fp.example.com/api/v1/rebuilds/${id}/callback` },
    ]);
    expect((await ask({ fleet: "ci", pipelineId: "1" })).dispatches).toEqual([]);
    // The pipeline reports on the callback it read: the host goes to verification and leaves the list.
    const body = JSON.stringify({ hostname: "c2", status: "succeeded" });
    const ts = String(Math.floor(Date.now() / 1000));
    expect(await completeCallback(t.db, id, body, { signature: signBody(body, SECRET, ts), timestamp: ts }, JSON.parse(body), glEnv)).toEqual({ status: "verifying" });
    expect((await ask({ fleet: "ci" })).dispatches).toEqual([]);
    receiver.options.gitlabRestrictVariables = false;
  });
});

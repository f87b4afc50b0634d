// Alerts in-process on both databases: real services make the events (ingest, rebuild requests, the worker), a
// local receiver checks the signature, a fake Slack incoming webhook follows Slack's contract. Time is simulated
// a day ahead, so the real clock of worker.drain() never sends what a test is still waiting for.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertDeliveries, alertEvents, fleets } from "@/db/schema";
import { startWorker } from "@/lib/jobs/worker";
import { createChannelSchema } from "@/lib/server/alert-schemas";
import type { Principal } from "@/lib/server/principal";
import { approveRebuild } from "@/lib/services/approve-rebuild";
import { SYSTEM } from "@/lib/services/audit";
import { captureSpec } from "@/lib/services/capture-spec";
import { createAlertChannel } from "@/lib/services/create-alert-channel";
import { createEnrollSecret } from "@/lib/services/create-enroll-secret";
import { createFleet } from "@/lib/services/create-fleet";
import { deleteAlertChannel } from "@/lib/services/delete-alert-channel";
import { deliverAlerts } from "@/lib/services/deliver-alerts";
import { enrollHost } from "@/lib/services/enroll-host";
import { getRebuild } from "@/lib/services/get-rebuild";
import { authenticateHost, ingestFingerprint } from "@/lib/services/ingest-fingerprint";
import { listAlertDeliveries } from "@/lib/services/list-alert-deliveries";
import { listAudit } from "@/lib/services/list-audit";
import { createRequest, requestRebuild } from "@/lib/services/request-rebuild";
import { sendTestAlert } from "@/lib/services/send-test-alert";
import { updateAlertChannel } from "@/lib/services/update-alert-channel";
import { startSlackWebhook, type SlackWebhook } from "../fakes/slack-webhook";
import { startWebhookReceiver, type WebhookReceiver } from "../fakes/webhook-receiver";
import { DRIVERS, openTestDb, type TestDb } from "./support/databases";
import { editConfig, EXTRAS, host, install, report } from "./support/reports";

const SECRET = "alert-hmac-secret-1";
const T0 = Date.now() + 86_400_000;
const at = (s: number) => new Date(T0 + s * 1000);
const olivia: Principal = { userId: "olivia", email: "olivia@example.test", name: "Olivia", role: "operator", via: "session" };
const alice: Principal = { ...olivia, userId: "alice", email: "alice@example.test", name: "Alice", role: "approver" };

describe.each(DRIVERS)("alerts on %s", (kind) => {
  let t: TestDb;
  let rx: WebhookReceiver;
  let slack: SlackWebhook;
  const keys: Record<string, string> = {};
  let deps: { env: Record<string, string>; random: () => number; baseUrl: string };
  let hookChannel: number;

  const reportAs = async (hostname: string, when: Date, change?: (h: ReturnType<typeof host>) => void) => {
    const h = host(hostname);
    change?.(h);
    return ingestFingerprint(t.db, await authenticateHost(t.db, keys[hostname]), report(h), when);
  };
  const drifted = (h: ReturnType<typeof host>) => install(h, EXTRAS.debugging);
  const deliver = (s: number) => deliverAlerts(t.db, at(s), deps);
  const deliveriesOf = async (channelId: number) => t.db.select().from(alertDeliveries).where(eq(alertDeliveries.channelId, channelId)).orderBy(alertDeliveries.id);
  const channel = (fleet: string, input: Record<string, unknown>) => createAlertChannel(t.db, SYSTEM, fleet, createChannelSchema.parse(input));
  const enroll = async (fleet: string, names: string[]) => {
    const { secret } = await createEnrollSecret(t.db, SYSTEM, fleet);
    for (const name of names) keys[name] = (await enrollHost(t.db, null, { secret, hostname: name, machineId: null })).hostKey;
  };

  beforeAll(async () => {
    t = await openTestDb(kind);
    rx = await startWebhookReceiver({ secret: SECRET });
    slack = await startSlackWebhook();
    deps = { env: { ALERT_SECRET: SECRET, SLACK_HOOK_URL: slack.hookUrl }, random: () => 0.5, baseUrl: "https://fleetprint.test" };
    await createFleet(t.db, SYSTEM, { name: "web", strategy: "mutable" });
    await enroll("web", ["w1", "w2", "w3", "w4", "w5", "w6"]);
    for (const name of ["w1", "w2", "w3", "w4", "w5", "w6"]) await reportAs(name, at(0));
    await captureSpec(t.db, SYSTEM, "web", "w1");
    hookChannel = (await channel("web", { name: "ops-hook", kind: "generic", url: `${rx.url}/hooks/alerts`, secretEnv: "ALERT_SECRET" })).id;
    await deliver(1); // the first look at the fleet's snowflakes only records them
  });
  afterAll(async () => {
    await rx?.close();
    await slack?.close();
    await t?.close();
  });

  it("an alert reaches a local receiver: signed, one message per window, with counts and hosts", async () => {
    await reportAs("w2", at(10), drifted);
    await reportAs("w3", at(20), drifted);
    expect((await deliver(30)).sent).toBe(0); // the window (60 s after the first event) is still open
    expect(rx.hooks).toHaveLength(0);
    expect(await deliver(70)).toMatchObject({ batched: 1, sent: 1 });

    expect(rx.hooks).toHaveLength(1);
    const [hook] = rx.hooks;
    expect(hook.signatureValid).toBe(true);
    expect(hook.call.path).toBe("/hooks/alerts");
    expect(hook.call.headers["x-fleetprint-event"]).toBe("alerts");
    expect(hook.payload).toMatchObject({
      type: "fleetprint.alerts",
      fleet: "web",
      summary: "2 hosts started drifting",
      counts: { "host-drifted": 2 },
      url: "https://fleetprint.test/fleets/web",
    });
    const events = (hook.payload as { events: { subject: string; detail: { driftItems: number; items: string[] }; url: string }[] }).events;
    expect(events.map((e) => e.subject)).toEqual(["w2", "w3"]);
    expect(events[0].detail.driftItems).toBe(3);
    expect(events[0].detail.items[0]).toMatch(/htop .* is installed but not in the spec/);
    expect(events[0].url).toBe("https://fleetprint.test/fleets/web/hosts/w2");

    const [logged] = await listAlertDeliveries(t.db, "web", { limit: 10 });
    expect(logged).toMatchObject({ channel: "ops-hook", status: "delivered", attempts: 1, events: 2, lastStatus: 202, lastError: null, summary: "2 hosts started drifting" });

    await reportAs("w3", at(81), drifted); // an unchanged report is not news
    expect(await t.db.select().from(alertEvents).where(eq(alertEvents.channelId, hookChannel))).toHaveLength(2);
  });

  it("retries a 500 with backoff and sends the same delivery again", async () => {
    rx.respondNext(500, { error: "database unavailable" });
    await reportAs("w4", at(200), drifted);
    expect((await deliver(260)).sent).toBe(1);
    let [d] = (await deliveriesOf(hookChannel)).slice(-1);
    expect(d).toMatchObject({ status: "pending", attempts: 1, lastStatus: 500 });
    expect(d.lastError).toMatch(/answered HTTP 500: .*database unavailable/);
    expect(d.nextAttemptAt).toEqual(at(290)); // 30 s (no jitter with random = 0.5)

    expect((await deliver(289)).sent).toBe(0);
    expect((await deliver(290)).sent).toBe(1);
    [d] = (await deliveriesOf(hookChannel)).slice(-1);
    expect(d).toMatchObject({ status: "delivered", attempts: 2, lastStatus: 202, lastError: null, deliveredAt: at(290) });
    // rx.calls has every request, the scripted 500 too (rx.hooks only those the receiver itself answered).
    const [first, second] = rx.calls.slice(-2);
    expect([first.status, second.status]).toEqual([500, 202]);
    expect(second.body).toBe(first.body);
    expect(second.headers["x-fleetprint-delivery"]).toBe(first.headers["x-fleetprint-delivery"]);
    expect(rx.hooks.at(-1)!.signatureValid).toBe(true);
  });

  it("does not retry a refusal (400)", async () => {
    rx.respondNext(400, { error: "unknown fleet" });
    await reportAs("w5", at(400), drifted);
    const before = rx.calls.length;
    await deliver(460);
    const [d] = (await deliveriesOf(hookChannel)).slice(-1);
    expect(d).toMatchObject({ status: "failed", attempts: 1, lastStatus: 400 });
    expect(d.lastError).toMatch(/HTTP 400: .*unknown fleet.*\(not retried: the receiver refused it\)/);
    expect(rx.calls.length).toBe(before + 1);
    await deliver(460 + 7200);
    expect(rx.calls.length).toBe(before + 1);
  });

  it("backs off 30 s, 2, 8, 32 min, 1 h, then gives up after six attempts", async () => {
    rx.inject({ status: 503, body: { error: "maintenance" }, times: 6, match: (c) => c.method === "POST" });
    await reportAs("w2", at(600)); // clean again…
    await reportAs("w2", at(610), drifted); // …and drifting again: news
    let now = 670;
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 6; attempt++) {
      expect((await deliver(now)).sent).toBe(1);
      const [d] = (await deliveriesOf(hookChannel)).slice(-1);
      expect(d.attempts).toBe(attempt);
      if (d.status === "failed") break;
      const next = (d.nextAttemptAt.getTime() - T0) / 1000;
      waits.push(next - now);
      expect((await deliver(next - 1)).sent).toBe(0);
      now = next;
    }
    expect(waits).toEqual([30, 120, 480, 1920, 3600]);
    const [d] = (await deliveriesOf(hookChannel)).slice(-1);
    expect(d).toMatchObject({ status: "failed", attempts: 6, lastStatus: 503 });
    expect(d.lastError).toMatch(/gave up after 6 attempts/);
  });

  it("announces a new snowflake once, with its reasons", async () => {
    const B = 20_000;
    const handEdited = (h: ReturnType<typeof host>) => editConfig(h, "/etc/apache2/apache2.conf", "KeepAliveTimeout 60");
    await reportAs("w6", at(B), handEdited);
    expect((await deliver(B + 6)).snowflakes).toBe(1);
    await deliver(B + 70);
    const [hook] = rx.hooks.slice(-1);
    expect(hook.payload).toMatchObject({ summary: "1 host started drifting, 1 new snowflake", counts: { "host-drifted": 1, "snowflake-new": 1 } });
    const flake = (hook.payload as { events: { kind: string; subject: string; detail: { reasons: string[]; score: number } }[] }).events.find((e) => e.kind === "snowflake-new")!;
    expect(flake.subject).toBe("w6");
    expect(flake.detail.score).toBeGreaterThanOrEqual(2.5);
    expect(flake.detail.reasons[0]).toMatch(/apache2\.conf edited by hand/);

    // Still the same snowflake after another change: nothing new to say.
    const before = rx.hooks.length;
    await reportAs("w6", at(B + 100), (h) => {
      handEdited(h);
      editConfig(h, "/etc/php/8.2/apache2/php.ini", "memory_limit = 1G");
    });
    expect((await deliver(B + 106)).snowflakes).toBe(0);
    await deliver(B + 300);
    expect(rx.hooks.length).toBe(before);
  });

  it("groups 50 hosts drifting within one window into one delivery", async () => {
    const B = 30_000;
    const names = Array.from({ length: 51 }, (_, i) => `s${String(i).padStart(2, "0")}`);
    await createFleet(t.db, SYSTEM, { name: "storm", strategy: "mutable" });
    await enroll("storm", names);
    await reportAs("s00", at(B));
    await captureSpec(t.db, SYSTEM, "storm", "s00");
    const ch = await channel("storm", { name: "storm-hook", kind: "generic", url: `${rx.url}/hooks/storm`, secretEnv: "ALERT_SECRET", events: ["host-drifted"] });
    for (const [i, name] of names.slice(1).entries()) await reportAs(name, at(B + 10 + i / 2), drifted); // 50 hosts in 25 s
    expect((await deliver(B + 60)).sent).toBe(0);
    await deliver(B + 71);
    await deliver(B + 200);
    const storm = rx.hooks.filter((h) => h.call.path === "/hooks/storm");
    expect(storm).toHaveLength(1);
    expect(storm[0].payload).toMatchObject({ summary: "50 hosts started drifting", counts: { "host-drifted": 50 } });
    expect((storm[0].payload as { events: unknown[] }).events).toHaveLength(50);
    const ds = await deliveriesOf(ch.id);
    expect(ds.map((d) => [d.events, d.status])).toEqual([[50, "delivered"]]);

    // A drifting host that drifts some more is not news.
    await reportAs("s01", at(B + 300), (h) => install(h, [...EXTRAS.debugging, ...EXTRAS.redis]));
    expect(await t.db.select().from(alertEvents).where(eq(alertEvents.channelId, ch.id))).toHaveLength(50);
  });

  it("two app instances sending at once deliver once", async () => {
    const B = 40_000;
    await reportAs("w1", at(B), drifted);
    const before = rx.hooks.filter((h) => h.call.path === "/hooks/alerts").length;
    const results = await Promise.all([deliver(B + 61), deliver(B + 61), deliver(B + 61)]);
    expect(results.reduce((n, r) => n + r.batched, 0)).toBe(1);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(1);
    expect(rx.hooks.filter((h) => h.call.path === "/hooks/alerts").length).toBe(before + 1);
  });

  it("tells Slack when a rebuild needs approval (honouring Retry-After) and when it fails", async () => {
    const B = 50_000;
    const ch = await channel("web", { name: "ops-slack", kind: "slack", urlEnv: "SLACK_HOOK_URL", events: ["rebuild-approval-needed", "rebuild-failed"], groupSeconds: 0 });
    slack.rateLimitNext(120);
    const r = await requestRebuild(t.db, olivia, SYSTEM, { hosts: ["w3"], reason: "debug tools left <behind>" }, at(B));
    await deliver(B + 1);
    let [d] = await deliveriesOf(ch.id);
    expect(d).toMatchObject({ status: "pending", attempts: 1, lastStatus: 429, nextAttemptAt: at(B + 121) });
    expect(d.lastError).toMatch(/HTTP 429: rate_limited/);
    await deliver(B + 120);
    expect(slack.messages).toHaveLength(0);
    await deliver(B + 121);
    expect(slack.messages).toHaveLength(1);
    expect(slack.messages[0].text).toBe("Fleetprint · web: 1 rebuild needs approval");
    expect(slack.messages[0].blocks![1].text!.text).toContain(`<https://fleetprint.test/rebuilds/${r.id}|request ${r.id.slice(0, 8)}> by Olivia: 1 host (w3) — “debug tools left &lt;behind&gt;”`);
    [d] = await deliveriesOf(ch.id);
    expect(d).toMatchObject({ status: "delivered", attempts: 2, lastStatus: 200 });

    // The fleet has no provider: the run fails, the request ends failed, Slack hears of it.
    await approveRebuild(t.db, alice, SYSTEM, r.id, null); // real time: the job queue runs on the database's clock
    const worker = startWorker(t.db, { env: deps.env }, false);
    await worker.drain();
    await worker.stop();
    expect((await getRebuild(t.db, r.id)).status).toBe("failed");
    await deliver(B + 200);
    expect(slack.messages).toHaveLength(2);
    expect(slack.messages[1].text).toBe("Fleetprint · web: 1 rebuild failed");
    expect(slack.messages[1].blocks![1].text!.text).toMatch(/: w3 — w3: Fleet "web" has no rebuild provider configured/);
  });

  it("says nothing about automatic rebuilds until they fail", async () => {
    const [fleet] = await t.db.select().from(fleets).where(eq(fleets.name, "web"));
    const count = async () => (await t.db.select().from(alertEvents).where(and(eq(alertEvents.fleetId, fleet.id), eq(alertEvents.kind, "rebuild-approval-needed")))).length;
    const before = await count();
    const [h] = await t.db.query.hosts.findMany({ where: (x, { eq: is }) => is(x.hostname, "w4") });
    await t.db.transaction((tx) => createRequest(tx, SYSTEM, { fleet, hosts: [{ id: h.id, hostname: "w4", fingerprint: h.fingerprintHash }], reason: "auto", requestedBy: "system", requestedByName: "Fleetprint", now: at(60_000), autoApprove: true }));
    expect(await count()).toBe(before);
  });

  it("sends a test message now, and explains a channel that cannot be sent", async () => {
    const slackId = (await t.db.query.alertChannels.findFirst({ where: (c, { eq: is }) => is(c.name, "ops-slack") }))!.id;
    const ok = await sendTestAlert(t.db, SYSTEM, "web", slackId, deps, at(70_000));
    expect(ok).toMatchObject({ test: true, status: "delivered", attempts: 1, lastStatus: 200, events: 0 });
    expect(slack.messages.at(-1)!.text).toBe("Fleetprint test message for fleet web: alerts will arrive here.");

    const broken = await channel("web", { name: "broken", kind: "generic", url: `${rx.url}/hooks/broken`, secretEnv: "NOT_SET_ANYWHERE" });
    const failed = await sendTestAlert(t.db, SYSTEM, "web", broken.id, deps, at(70_001));
    expect(failed).toMatchObject({ status: "failed", attempts: 1, lastStatus: null });
    expect(failed.lastError).toBe("set NOT_SET_ANYWHERE in the server environment (the signing secret) (not retried: fix the channel's configuration)");
    expect(rx.hooks.some((h) => h.call.path === "/hooks/broken")).toBe(false);
  });

  it("audits channel changes; disabling drops what waits; deleting takes the log along", async () => {
    const ch = await channel("web", { name: "audited", kind: "slack", url: `${slack.url}/relay`, events: ["host-drifted"] });
    await reportAs("w5", at(80_000)); // clean…
    await reportAs("w5", at(80_010), drifted); // …drifting: one event waits for "audited"
    expect(await t.db.select().from(alertEvents).where(eq(alertEvents.channelId, ch.id))).toHaveLength(1);
    const off = await updateAlertChannel(t.db, SYSTEM, "web", ch.id, { enabled: false, groupSeconds: 300 });
    expect(off).toMatchObject({ enabled: false, groupSeconds: 300 });
    expect(await t.db.select().from(alertEvents).where(eq(alertEvents.channelId, ch.id))).toHaveLength(0);
    await expect(updateAlertChannel(t.db, SYSTEM, "web", ch.id, { url: null })).rejects.toThrow(/either url or urlEnv/);
    await expect(updateAlertChannel(t.db, SYSTEM, "web", ch.id, { name: "ops-hook" })).rejects.toThrow(/already has an alert channel named "ops-hook"/);
    await expect(updateAlertChannel(t.db, SYSTEM, "storm", ch.id, { enabled: true })).rejects.toThrow(/has no alert channel/);
    expect(await updateAlertChannel(t.db, SYSTEM, "web", ch.id, { urlEnv: "SLACK_HOOK_URL" })).toMatchObject({ url: null, urlEnv: "SLACK_HOOK_URL" });
    await deleteAlertChannel(t.db, SYSTEM, "web", ch.id);
    await expect(deleteAlertChannel(t.db, SYSTEM, "web", ch.id)).rejects.toThrow(/has no alert channel/);
    const actions = (await listAudit(t.db, { action: "alert-channel.", limit: 50 })).filter((a) => a.detail?.channelId === ch.id).map((a) => a.action);
    expect(actions).toEqual(["alert-channel.delete", "alert-channel.update", "alert-channel.update", "alert-channel.create"]);
  });
});

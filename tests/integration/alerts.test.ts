// Alert delivery in-process on both databases: real ingest makes the events, a local receiver checks the
// signature; grouping per window, retries with backoff, refusals, give-up, a storm, several senders at once.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertEvents } from "@/db/schema";
import { SYSTEM } from "@/lib/services/audit";
import { captureSpec } from "@/lib/services/capture-spec";
import { createFleet } from "@/lib/services/create-fleet";
import { listAlertDeliveries } from "@/lib/services/list-alert-deliveries";
import { sendTestAlert } from "@/lib/services/send-test-alert";
import { DRIVERS } from "./support/databases";
import { at, drifted, openAlertFleet, SECRET, T0, type AlertFleet } from "./support/alert-fleet";
import { EXTRAS, install } from "./support/reports";

describe.each(DRIVERS)("alert delivery on %s", (kind) => {
  let f: AlertFleet;
  beforeAll(async () => {
    f = await openAlertFleet(kind);
  });
  afterAll(async () => f?.close());

  it("an alert reaches a local receiver: signed, one message per window, with counts and hosts", async () => {
    await f.reportAs("w2", at(10), drifted);
    await f.reportAs("w3", at(20), drifted);
    expect((await f.deliver(30)).sent).toBe(0); // the window (60 s after the first event) is still open
    expect(f.rx.hooks).toHaveLength(0);
    expect(await f.deliver(70)).toMatchObject({ batched: 1, sent: 1 });

    expect(f.rx.hooks).toHaveLength(1);
    const [hook] = f.rx.hooks;
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

    const [logged] = await listAlertDeliveries(f.t.db, "web", { limit: 10 });
    expect(logged).toMatchObject({ channel: "ops-hook", status: "delivered", attempts: 1, events: 2, lastStatus: 202, lastError: null, summary: "2 hosts started drifting" });

    await f.reportAs("w3", at(81), drifted); // an unchanged report is not news
    expect(await f.t.db.select().from(alertEvents).where(eq(alertEvents.channelId, f.hookChannel))).toHaveLength(2);
  });

  it("retries a 500 with backoff and sends the same delivery again", async () => {
    f.rx.respondNext(500, { error: "database unavailable" });
    await f.reportAs("w4", at(200), drifted);
    expect((await f.deliver(260)).sent).toBe(1);
    let [d] = (await f.deliveriesOf(f.hookChannel)).slice(-1);
    expect(d).toMatchObject({ status: "pending", attempts: 1, lastStatus: 500 });
    expect(d.lastError).toMatch(/answered HTTP 500; receiver said “.*database unavailable/);
    expect(d.nextAttemptAt).toEqual(at(290)); // 30 s (no jitter with random = 0.5)

    expect((await f.deliver(289)).sent).toBe(0);
    expect((await f.deliver(290)).sent).toBe(1);
    [d] = (await f.deliveriesOf(f.hookChannel)).slice(-1);
    expect(d).toMatchObject({ status: "delivered", attempts: 2, lastStatus: 202, lastError: null, deliveredAt: at(290) });
    // f.rx.calls has every request, the scripted 500 too (f.rx.hooks only those the receiver itself answered).
    const [first, second] = f.rx.calls.slice(-2);
    expect([first.status, second.status]).toEqual([500, 202]);
    expect(second.body).toBe(first.body);
    expect(second.headers["x-fleetprint-delivery"]).toBe(first.headers["x-fleetprint-delivery"]);
    expect(f.rx.hooks.at(-1)!.signatureValid).toBe(true);
  });

  it("does not retry a refusal (400)", async () => {
    f.rx.respondNext(400, { error: "unknown fleet" });
    await f.reportAs("w5", at(400), drifted);
    const before = f.rx.calls.length;
    await f.deliver(460);
    const [d] = (await f.deliveriesOf(f.hookChannel)).slice(-1);
    expect(d).toMatchObject({ status: "failed", attempts: 1, lastStatus: 400 });
    expect(d.lastError).toMatch(/HTTP 400; receiver said “.*unknown fleet.*\(not retried: the receiver refused it\)/);
    expect(f.rx.calls.length).toBe(before + 1);
    await f.deliver(460 + 7200);
    expect(f.rx.calls.length).toBe(before + 1);
  });

  it("shows what the receiver answered to admins only", async () => {
    const [admin] = await listAlertDeliveries(f.t.db, "web", { status: "failed", limit: 1 }, { answers: true });
    expect(admin.lastError).toMatch(/HTTP 400; receiver said “.*unknown fleet/);
    const [viewer] = await listAlertDeliveries(f.t.db, "web", { status: "failed", limit: 1 });
    expect(viewer).toMatchObject({ status: "failed", lastStatus: 400 });
    expect(viewer.lastError).toMatch(/answered HTTP 400; receiver's answer hidden \(admins see it\)/);
    expect(viewer.lastError).not.toContain("unknown fleet");
  });

  it("refuses a loopback receiver unless FLEETPRINT_OUTBOUND_ALLOW names it, saying so on the delivery", async () => {
    const before = f.rx.calls.length;
    const d = await sendTestAlert(f.t.db, SYSTEM, "web", f.hookChannel, { ...f.deps, env: { ALERT_SECRET: SECRET } }, at(500));
    expect(d).toMatchObject({ status: "failed", lastStatus: null, lastError: expect.stringMatching(/refused: 127\.0\.0\.1 is a loopback address.*FLEETPRINT_OUTBOUND_ALLOW/) });
    expect(f.rx.calls.length).toBe(before);
  });

  it("backs off 30 s, 2, 8, 32 min, 1 h, then gives up after six attempts", async () => {
    f.rx.inject({ status: 503, body: { error: "maintenance" }, times: 6, match: (c) => c.method === "POST" });
    await f.reportAs("w2", at(600)); // clean again…
    await f.reportAs("w2", at(610), drifted); // …and drifting again: news
    let now = 670;
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 6; attempt++) {
      expect((await f.deliver(now)).sent).toBe(1);
      const [d] = (await f.deliveriesOf(f.hookChannel)).slice(-1);
      expect(d.attempts).toBe(attempt);
      if (d.status === "failed") break;
      const next = (d.nextAttemptAt.getTime() - T0) / 1000;
      waits.push(next - now);
      expect((await f.deliver(next - 1)).sent).toBe(0);
      now = next;
    }
    expect(waits).toEqual([30, 120, 480, 1920, 3600]);
    const [d] = (await f.deliveriesOf(f.hookChannel)).slice(-1);
    expect(d).toMatchObject({ status: "failed", attempts: 6, lastStatus: 503 });
    expect(d.lastError).toMatch(/gave up after 6 attempts/);
  });

  it("groups 50 hosts drifting within one window into one delivery", async () => {
    const B = 30_000;
    const names = Array.from({ length: 51 }, (_, i) => `s${String(i).padStart(2, "0")}`);
    await createFleet(f.t.db, SYSTEM, { name: "storm", strategy: "mutable" });
    await f.enroll("storm", names);
    await f.reportAs("s00", at(B));
    await captureSpec(f.t.db, SYSTEM, "storm", "s00");
    const ch = await f.channel("storm", { name: "storm-hook", kind: "generic", url: `${f.rx.url}/hooks/storm`, secretEnv: "ALERT_SECRET", events: ["host-drifted"] });
    for (const [i, name] of names.slice(1).entries()) await f.reportAs(name, at(B + 10 + i / 2), drifted); // 50 hosts in 25 s
    expect((await f.deliver(B + 60)).sent).toBe(0);
    await f.deliver(B + 71);
    await f.deliver(B + 200);
    const storm = f.rx.hooks.filter((h) => h.call.path === "/hooks/storm");
    expect(storm).toHaveLength(1);
    expect(storm[0].payload).toMatchObject({ summary: "50 hosts started drifting", counts: { "host-drifted": 50 } });
    expect((storm[0].payload as { events: unknown[] }).events).toHaveLength(50);
    const ds = await f.deliveriesOf(ch.id);
    expect(ds.map((d) => [d.events, d.status])).toEqual([[50, "delivered"]]);

    // A drifting host that drifts some more is not news.
    await f.reportAs("s01", at(B + 300), (h) => install(h, [...EXTRAS.debugging, ...EXTRAS.redis]));
    expect(await f.t.db.select().from(alertEvents).where(eq(alertEvents.channelId, ch.id))).toHaveLength(50);
  });

  it("two app instances sending at once deliver once", async () => {
    const B = 40_000;
    await f.reportAs("w1", at(B), drifted);
    const before = f.rx.hooks.filter((h) => h.call.path === "/hooks/alerts").length;
    const results = await Promise.all([f.deliver(B + 61), f.deliver(B + 61), f.deliver(B + 61)]);
    expect(results.reduce((n, r) => n + r.batched, 0)).toBe(1);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(1);
    expect(f.rx.hooks.filter((h) => h.call.path === "/hooks/alerts").length).toBe(before + 1);
  });
});

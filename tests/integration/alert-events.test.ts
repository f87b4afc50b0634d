// Alert events in-process on both databases: new snowflakes, rebuilds waiting for approval or failed (to a fake
// Slack incoming webhook that follows Slack's contract, Retry-After included), test messages, channel changes.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertEvents, fleets } from "@/db/schema";
import { startWorker } from "@/lib/jobs/worker";
import type { Principal } from "@/lib/server/principal";
import { approveRebuild } from "@/lib/services/approve-rebuild";
import { SYSTEM } from "@/lib/services/audit";
import { createFleet } from "@/lib/services/create-fleet";
import { deleteAlertChannel } from "@/lib/services/delete-alert-channel";
import { getRebuild } from "@/lib/services/get-rebuild";
import { listAudit } from "@/lib/services/list-audit";
import { createRequest, requestRebuild } from "@/lib/services/request-rebuild";
import { sendTestAlert } from "@/lib/services/send-test-alert";
import { updateAlertChannel } from "@/lib/services/update-alert-channel";
import { DRIVERS } from "./support/databases";
import { at, drifted, openAlertFleet, type AlertFleet } from "./support/alert-fleet";
import { editConfig, host } from "./support/reports";

const olivia: Principal = { userId: "olivia", email: "olivia@example.test", name: "Olivia", role: "operator", via: "session" };
const alice: Principal = { ...olivia, userId: "alice", email: "alice@example.test", name: "Alice", role: "approver" };

describe.each(DRIVERS)("alert events on %s", (kind) => {
  let f: AlertFleet;
  beforeAll(async () => {
    f = await openAlertFleet(kind);
  });
  afterAll(async () => f?.close());

  it("announces a new snowflake once, with its reasons", async () => {
    const B = 20_000;
    const handEdited = (h: ReturnType<typeof host>) => editConfig(h, "/etc/apache2/apache2.conf", "KeepAliveTimeout 60");
    await f.reportAs("w6", at(B), handEdited);
    expect((await f.deliver(B + 6)).snowflakes).toBe(1);
    await f.deliver(B + 70);
    const [hook] = f.rx.hooks.slice(-1);
    expect(hook.payload).toMatchObject({ summary: "1 host started drifting, 1 new snowflake", counts: { "host-drifted": 1, "snowflake-new": 1 } });
    const flake = (hook.payload as { events: { kind: string; subject: string; detail: { reasons: string[]; score: number } }[] }).events.find((e) => e.kind === "snowflake-new")!;
    expect(flake.subject).toBe("w6");
    expect(flake.detail.score).toBeGreaterThanOrEqual(2.5);
    expect(flake.detail.reasons[0]).toMatch(/apache2\.conf edited by hand/);

    // Still the same snowflake after another change: nothing new to say.
    const before = f.rx.hooks.length;
    await f.reportAs("w6", at(B + 100), (h) => {
      handEdited(h);
      editConfig(h, "/etc/php/8.2/apache2/php.ini", "memory_limit = 1G");
    });
    expect((await f.deliver(B + 106)).snowflakes).toBe(0);
    await f.deliver(B + 300);
    expect(f.rx.hooks.length).toBe(before);
  });

  it("tells Slack when a rebuild needs approval (honouring Retry-After) and when it fails", async () => {
    const B = 50_000;
    const ch = await f.channel("web", { name: "ops-slack", kind: "slack", urlEnv: "SLACK_HOOK_URL", events: ["rebuild-approval-needed", "rebuild-failed"], groupSeconds: 0 });
    f.slack.rateLimitNext(120);
    const r = await requestRebuild(f.t.db, olivia, SYSTEM, { hosts: ["w3"], reason: "debug tools left <behind>" }, at(B));
    await f.deliver(B + 1);
    let [d] = await f.deliveriesOf(ch.id);
    expect(d).toMatchObject({ status: "pending", attempts: 1, lastStatus: 429, nextAttemptAt: at(B + 121) });
    expect(d.lastError).toMatch(/HTTP 429; receiver said “rate_limited”/);
    await f.deliver(B + 120);
    expect(f.slack.messages).toHaveLength(0);
    await f.deliver(B + 121);
    expect(f.slack.messages).toHaveLength(1);
    expect(f.slack.messages[0].text).toBe("Fleetprint · web: 1 rebuild needs approval");
    expect(f.slack.messages[0].blocks![1].text!.text).toContain(`<https://fleetprint.test/rebuilds/${r.id}|request ${r.id.slice(0, 8)}> by Olivia: 1 host (w3) — “debug tools left &lt;behind&gt;”`);
    [d] = await f.deliveriesOf(ch.id);
    expect(d).toMatchObject({ status: "delivered", attempts: 2, lastStatus: 200 });

    // The fleet has no provider: the run fails, the request ends failed, Slack hears of it.
    await approveRebuild(f.t.db, alice, SYSTEM, r.id, null); // real time: the job queue runs on the database's clock
    const worker = startWorker(f.t.db, { env: f.deps.env }, false);
    await worker.drain();
    await worker.stop();
    expect((await getRebuild(f.t.db, r.id)).status).toBe("failed");
    await f.deliver(B + 200);
    expect(f.slack.messages).toHaveLength(2);
    expect(f.slack.messages[1].text).toBe("Fleetprint · web: 1 rebuild failed");
    expect(f.slack.messages[1].blocks![1].text!.text).toMatch(/: w3 — w3: Fleet "web" has no rebuild provider configured/);
  });

  it("says nothing about automatic rebuilds until they fail", async () => {
    const [fleet] = await f.t.db.select().from(fleets).where(eq(fleets.name, "web"));
    const count = async () => (await f.t.db.select().from(alertEvents).where(and(eq(alertEvents.fleetId, fleet.id), eq(alertEvents.kind, "rebuild-approval-needed")))).length;
    const before = await count();
    const [h] = await f.t.db.query.hosts.findMany({ where: (x, { eq: is }) => is(x.hostname, "w4") });
    await f.t.db.transaction((tx) => createRequest(tx, SYSTEM, { fleet, hosts: [{ id: h.id, hostname: "w4", fingerprint: h.fingerprintHash }], reason: "auto", requestedBy: "system", requestedByName: "Fleetprint", now: at(60_000), autoApprove: true }));
    expect(await count()).toBe(before);
  });

  it("sends a test message now, and explains a channel that cannot be sent", async () => {
    const slackId = (await f.t.db.query.alertChannels.findFirst({ where: (c, { eq: is }) => is(c.name, "ops-slack") }))!.id;
    const ok = await sendTestAlert(f.t.db, SYSTEM, "web", slackId, f.deps, at(70_000));
    expect(ok).toMatchObject({ test: true, status: "delivered", attempts: 1, lastStatus: 200, events: 0 });
    expect(f.slack.messages.at(-1)!.text).toBe("Fleetprint test message for fleet web: alerts will arrive here.");

    const broken = await f.channel("web", { name: "broken", kind: "generic", url: `${f.rx.url}/hooks/broken`, secretEnv: "NOT_SET_ANYWHERE" });
    const failed = await sendTestAlert(f.t.db, SYSTEM, "web", broken.id, f.deps, at(70_001));
    expect(failed).toMatchObject({ status: "failed", attempts: 1, lastStatus: null });
    expect(failed.lastError).toBe("set NOT_SET_ANYWHERE in the server environment (the signing secret) (not retried: fix the channel's configuration)");
    expect(f.rx.hooks.some((h) => h.call.path === "/hooks/broken")).toBe(false);
  });

  it("audits channel changes; disabling drops what waits; deleting takes the log along", async () => {
    const ch = await f.channel("web", { name: "audited", kind: "slack", url: `${f.slack.url}/relay`, events: ["host-drifted"] });
    await f.reportAs("w5", at(80_010), drifted); // one event waits for "audited"
    expect(await f.t.db.select().from(alertEvents).where(eq(alertEvents.channelId, ch.id))).toHaveLength(1);
    const off = await updateAlertChannel(f.t.db, SYSTEM, "web", ch.id, { enabled: false, groupSeconds: 300 });
    expect(off).toMatchObject({ enabled: false, groupSeconds: 300 });
    expect(await f.t.db.select().from(alertEvents).where(eq(alertEvents.channelId, ch.id))).toHaveLength(0);
    await expect(updateAlertChannel(f.t.db, SYSTEM, "web", ch.id, { url: null })).rejects.toThrow(/either url or urlEnv/);
    await expect(updateAlertChannel(f.t.db, SYSTEM, "web", ch.id, { name: "ops-hook" })).rejects.toThrow(/already has an alert channel named "ops-hook"/);
    await createFleet(f.t.db, SYSTEM, { name: "other", strategy: "mutable" });
    await expect(updateAlertChannel(f.t.db, SYSTEM, "other", ch.id, { enabled: true })).rejects.toThrow(/Fleet "other" has no alert channel/);
    expect(await updateAlertChannel(f.t.db, SYSTEM, "web", ch.id, { urlEnv: "SLACK_HOOK_URL" })).toMatchObject({ url: null, urlEnv: "SLACK_HOOK_URL" });
    await deleteAlertChannel(f.t.db, SYSTEM, "web", ch.id);
    await expect(deleteAlertChannel(f.t.db, SYSTEM, "web", ch.id)).rejects.toThrow(/has no alert channel/);
    const actions = (await listAudit(f.t.db, { action: "alert-channel.", limit: 50 })).filter((a) => a.detail?.channelId === ch.id).map((a) => a.action);
    expect(actions).toEqual(["alert-channel.delete", "alert-channel.update", "alert-channel.update", "alert-channel.create"]);
  });
});

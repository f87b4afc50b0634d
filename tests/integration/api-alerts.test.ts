// Alerts over real HTTP on both databases: the channel API (identity first, then zod, then the service), a test
// message, and a drifting host whose alert the running app's own worker delivers to a local Slack-compatible
// receiver.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startSlackWebhook, type SlackWebhook } from "../fakes/slack-webhook";
import { api, uniqueName } from "./support/api";
import { EXTRAS, host, install, report } from "./support/reports";

async function waitFor<T>(what: string, fn: () => T | undefined, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(inject("servers"))("alert API on $kind", ({ url, people }) => {
  const a = api(url);
  const fleet = uniqueName("alerts");
  const other = uniqueName("alerts-other");
  const base = `/api/v1/fleets/${fleet}/alerts`;
  const keys: Record<string, string> = {};
  let slack: SlackWebhook;
  let channelId: number;

  beforeAll(async () => {
    slack = await startSlackWebhook();
    for (const name of [fleet, other]) expect((await a.call("POST", "/api/v1/fleets", { name, strategy: "mutable" })).status).toBe(201);
    const { secret } = (await a.call("POST", `/api/v1/fleets/${fleet}/enroll-secrets`)).json;
    for (const name of ["al-1", "al-2"]) {
      keys[name] = (await a.call("POST", "/api/v1/enroll", { secret, hostname: name }, { token: null })).json.hostKey;
      expect((await a.call("POST", "/api/v1/fingerprints", report(host(name)), { token: keys[name] })).status).toBe(202);
    }
    expect((await a.call("POST", `/api/v1/fleets/${fleet}/spec/capture`, { hostname: "al-1" })).status).toBe(201);
  });
  afterAll(async () => slack?.close());

  it("checks identity first, then the input", async () => {
    expect((await a.call("GET", base, undefined, { token: null })).status).toBe(401);
    expect((await a.call("POST", base, { name: "x" }, { token: null })).status).toBe(401);
    const viewer = await a.call("POST", base, { name: "x", kind: "slack", url: slack.hookUrl }, { token: people.viewer.token });
    expect(viewer.status).toBe(403);
    expect(viewer.json.error.message).toMatch(/Needs role admin; you are viewer/);
    expect((await a.call("POST", `/api/v1/fleets/${other}/alerts/1/test`, undefined, { token: people.operator.token })).status).toBe(403);

    const noSecret = await a.call("POST", base, { name: "hook", kind: "generic", url: "https://hooks.example.com/fp" });
    expect(noSecret.status).toBe(400);
    expect(noSecret.json.error.message).toMatch(/secretEnv: required for generic channels/);
    const slackUrl = await a.call("POST", base, { name: "chat", kind: "slack", url: "https://hooks.slack.com/services/T0/B0/abc" });
    expect(slackUrl.json.error.message).toMatch(/url: a Slack webhook URL is itself a secret/);
    expect((await a.call("POST", base, { name: "chat", kind: "slack", urlEnv: "BETTER_AUTH_SECRET" })).status).toBe(400);
    expect((await a.call("POST", base, { name: "chat", kind: "teams", urlEnv: "X" })).status).toBe(400);
    expect((await a.call("POST", base, undefined, { raw: "{not json", headers: { "content-type": "application/json" } })).status).toBe(400);
    expect((await a.call("POST", "/api/v1/fleets/no-such-fleet/alerts", { name: "chat", kind: "slack", urlEnv: "X" })).status).toBe(404);
    expect((await a.call("GET", "/api/v1/fleets/no-such-fleet/alerts/deliveries")).status).toBe(404);
    expect((await a.call("GET", `${base}/deliveries?status=lost`)).status).toBe(400);
  });

  it("creates a channel, sends a test message now, and lists it", async () => {
    const created = await a.call("POST", base, { name: "ops-chat", kind: "slack", url: slack.hookUrl, groupSeconds: 0, events: ["host-drifted", "rebuild-failed"] });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: "ops-chat", kind: "slack", url: slack.hookUrl, urlEnv: null, events: ["host-drifted", "rebuild-failed"], groupSeconds: 0, enabled: true });
    channelId = created.json.id;
    expect((await a.call("POST", base, { name: "ops-chat", kind: "slack", urlEnv: "X" })).status).toBe(409);

    const listed = await a.call("GET", base, undefined, { token: people.viewer.token });
    expect(listed.status).toBe(200);
    expect(listed.json.channels.map((c: { name: string }) => c.name)).toEqual(["ops-chat"]);
    expect((await a.call("GET", `/api/v1/fleets/${other}/alerts`)).json.channels).toEqual([]);

    const test = await a.call("POST", `${base}/${channelId}/test`);
    expect(test.status).toBe(200);
    expect(test.json).toMatchObject({ ok: true, delivery: { test: true, status: "delivered", attempts: 1, lastStatus: 200, channel: "ops-chat" } });
    expect(slack.messages.at(-1)!.text).toBe(`Fleetprint test message for fleet ${fleet}: alerts will arrive here.`);
    expect(slack.messages.at(-1)!.blocks![0].text!.text).toContain(`<${url}/fleets/${fleet}|${fleet}>`);
  });

  it("a host that starts drifting reaches the receiver through the app's worker", async () => {
    const before = slack.messages.length;
    const h = host("al-2");
    install(h, EXTRAS.phpGd);
    expect((await a.call("POST", "/api/v1/fingerprints", report(h), { token: keys["al-2"] })).status).toBe(202);
    const msg = await waitFor("the drift alert", () => slack.messages.slice(before).find((m) => m.text?.includes("started drifting")));
    expect(msg.text).toBe(`Fleetprint · ${fleet}: 1 host started drifting`);
    // The base image ships libgd3 at another version: one item is a version, the other two are extras.
    expect(msg.blocks![1].text!.text).toMatch(/^\*Started drifting from the spec \(1\)\*\n• <http:\/\/127\.0\.0\.1:\d+\/fleets\/[^/]+\/hosts\/al-2\|al-2> — \d drift items against spec v1: /);

    // The worker marks the delivery once the receiver has answered: the message can arrive before the row says so.
    let latest: Record<string, unknown> | undefined;
    for (const deadline = Date.now() + 20_000; !latest && Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      const log = await a.call("GET", `${base}/deliveries?status=delivered`, undefined, { token: people.viewer.token });
      expect(log.status).toBe(200);
      latest = (log.json.deliveries as Record<string, unknown>[]).find((d) => d.test === false);
    }
    if (!latest) throw new Error("the drift alert's delivery was never marked delivered");
    expect(latest).toMatchObject({ channel: "ops-chat", test: false, events: 1, status: "delivered", attempts: 1, lastStatus: 200, summary: "1 host started drifting" });
    expect(JSON.parse(String(latest.body)).text).toBe(msg.text);
    expect((await a.call("GET", `${base}/deliveries?status=failed`)).json.deliveries).toEqual([]);
  });

  it("changes and deletes a channel, only within its fleet", async () => {
    expect((await a.call("PATCH", `${base}/${channelId}`, { enabled: false, groupSeconds: 120 }, { token: people.approver.token })).status).toBe(403);
    const patched = await a.call("PATCH", `${base}/${channelId}`, { enabled: false, groupSeconds: 120 });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ enabled: false, groupSeconds: 120 });
    expect((await a.call("PATCH", `${base}/${channelId}`, { url: null })).json.error.message).toMatch(/url: send either url or urlEnv/);
    expect((await a.call("PATCH", `${base}/${channelId}`, {})).status).toBe(400);
    expect((await a.call("PATCH", `${base}/abc`, { enabled: true })).status).toBe(400);
    expect((await a.call("PATCH", `/api/v1/fleets/${other}/alerts/${channelId}`, { enabled: true })).status).toBe(404);
    expect((await a.call("POST", `/api/v1/fleets/${other}/alerts/${channelId}/test`)).status).toBe(404);
    expect((await a.call("DELETE", `/api/v1/fleets/${other}/alerts/${channelId}`)).status).toBe(404);
    expect((await a.call("DELETE", `${base}/${channelId}`)).json).toEqual({ id: channelId, deleted: true });
    expect((await a.call("DELETE", `${base}/${channelId}`)).status).toBe(404);
    expect((await a.call("GET", `${base}/deliveries`)).json.deliveries).toEqual([]);

    const audit = await a.call("GET", `/api/v1/audit?action=alert-channel.&q=${fleet}`);
    expect(audit.json.entries.map((e: { action: string }) => e.action)).toEqual(["alert-channel.delete", "alert-channel.update", "alert-channel.test", "alert-channel.create"]);
  });

  it("is in the OpenAPI document with its roles", async () => {
    const doc = (await a.call("GET", "/api/v1/openapi.json", undefined, { token: null })).json;
    expect(doc.paths["/fleets/{name}/alerts"].get["x-required-role"]).toBe("viewer");
    expect(doc.paths["/fleets/{name}/alerts"].post["x-required-role"]).toBe("admin");
    expect(doc.paths["/fleets/{name}/alerts/{id}"].patch["x-required-role"]).toBe("admin");
    expect(doc.paths["/fleets/{name}/alerts/{id}"].delete["x-required-role"]).toBe("admin");
    expect(doc.paths["/fleets/{name}/alerts/{id}/test"].post["x-required-role"]).toBe("admin");
    expect(doc.paths["/fleets/{name}/alerts/deliveries"].get["x-required-role"]).toBe("viewer");
  });
});

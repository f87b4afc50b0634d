import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSlackWebhook, type SlackWebhook } from "@/tests/fakes/slack-webhook";
import { startWebhookReceiver, type WebhookReceiver } from "@/tests/fakes/webhook-receiver";
import { verifySignature } from "@/lib/providers/signature";
import { alertBaseUrl, postAlert, type ChannelTarget } from "./post-alert";

const SECRET = "alert-secret-0123";
let rx: WebhookReceiver;
let slack: SlackWebhook;

beforeEach(async () => {
  rx = await startWebhookReceiver({ secret: SECRET });
  slack = await startSlackWebhook();
});
afterEach(async () => {
  await rx.close();
  await slack.close();
});

const generic = (over: Partial<ChannelTarget> = {}): ChannelTarget => ({ kind: "generic", url: `${rx.url}/hook?token=abc`, urlEnv: null, secretEnv: "ALERT_SECRET", ...over });
// The fakes listen on loopback, which outbound requests may reach only when the allow list says so.
const LOCAL = { FLEETPRINT_OUTBOUND_ALLOW: "127.0.0.1" };
const env = { ALERT_SECRET: SECRET, ...LOCAL };
const body = JSON.stringify({ type: "fleetprint.alerts", fleet: "web", events: [] });

describe("postAlert", () => {
  it("signs the exact body with the timestamp and names the delivery", async () => {
    const r = await postAlert(generic(), body, { id: 42, test: false }, { env });
    expect(r).toEqual({ status: 202, retryAfterMs: null, error: null });
    const [hook] = rx.hooks;
    expect(hook.signatureValid).toBe(true);
    const h = hook.call.headers;
    expect(verifySignature(hook.call.body, h["x-fleetprint-signature"] as string, SECRET, h["x-fleetprint-timestamp"] as string)).toBe(true);
    expect(h["x-fleetprint-delivery"]).toBe("42");
    expect(h["idempotency-key"]).toBe("fleetprint-alert-42");
    expect(h["x-fleetprint-event"]).toBe("alerts");
    expect(h["user-agent"]).toBe("Fleetprint");
    expect(hook.call.body).toBe(body);
  });

  it("reports the receiver's answer without the URL's path or query", async () => {
    rx.respondNext(503, "down for maintenance", { "retry-after": "90" });
    const r = await postAlert(generic(), body, { id: 1, test: false }, { env });
    expect(r).toEqual({ status: 503, retryAfterMs: 90_000, error: `${rx.url} answered HTTP 503; receiver said “down for maintenance”` });
    expect(r.error).not.toContain("token=abc");
  });

  it("reads a Slack URL from the environment and never repeats it", async () => {
    const channel: ChannelTarget = { kind: "slack", url: null, urlEnv: "SLACK_URL", secretEnv: null };
    const ok = await postAlert(channel, JSON.stringify({ text: "hello" }), { id: 2, test: true }, { env: { SLACK_URL: slack.hookUrl, ...LOCAL } });
    expect(ok).toEqual({ status: 200, retryAfterMs: null, error: null });
    expect(slack.messages[0].call.headers["x-fleetprint-signature"]).toBeUndefined();
    slack.failNext(404, "no_service");
    const gone = await postAlert(channel, JSON.stringify({ text: "hello" }), { id: 3, test: false }, { env: { SLACK_URL: slack.hookUrl, ...LOCAL } });
    expect(gone.error).toBe("the URL in SLACK_URL answered HTTP 404; receiver said “no_service”");
  });

  it("does not follow redirects", async () => {
    rx.respondNext(302, "", { location: "https://elsewhere.example/" });
    const r = await postAlert(generic(), body, { id: 4, test: false }, { env });
    expect(r.status).toBe(302);
    expect(rx.calls).toHaveLength(1);
  });

  it("gives up on a receiver that does not answer in time", async () => {
    rx.hangNext();
    const r = await postAlert(generic(), body, { id: 5, test: false }, { env, timeoutMs: 200 });
    expect(r).toEqual({ status: null, retryAfterMs: null, error: `${rx.url} did not answer within 0.2s` });
  });

  it("refuses loopback and the metadata address unless FLEETPRINT_OUTBOUND_ALLOW names them, without retrying", async () => {
    const local = await postAlert(generic(), body, { id: 8, test: false }, { env: { ALERT_SECRET: SECRET } });
    expect(local).toMatchObject({ status: null, misconfigured: true, error: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+: refused: 127\.0\.0\.1 is a loopback address.*FLEETPRINT_OUTBOUND_ALLOW/) });
    const metadata = await postAlert(generic({ url: "http://169.254.169.254/latest/meta-data/" }), body, { id: 9, test: false }, { env });
    expect(metadata.error).toMatch(/169\.254\.169\.254 is a cloud metadata address/);
    expect(rx.calls).toHaveLength(0);
  });

  it("says what cannot be reached", async () => {
    const url = rx.url;
    await rx.close(); // nothing listens on its port any more
    const r = await postAlert(generic({ url: `${url}/hook` }), body, { id: 6, test: false }, { env });
    expect(r.status).toBeNull();
    expect(r.error).toBe(`could not reach ${url}: ECONNREFUSED`);
    expect(r.misconfigured).toBeUndefined();
  });

  it("refuses to send without its secret or URL, naming the variable but not a value", async () => {
    expect(await postAlert(generic(), body, { id: 7, test: false }, { env: {} })).toMatchObject({ misconfigured: true, error: "set ALERT_SECRET in the server environment (the signing secret)" });
    const slackChannel: ChannelTarget = { kind: "slack", url: null, urlEnv: "SLACK_URL", secretEnv: null };
    expect(await postAlert(slackChannel, body, { id: 8, test: false }, { env: {} })).toMatchObject({ misconfigured: true, error: "set SLACK_URL in the server environment (the channel's URL)" });
    const bad = await postAlert(slackChannel, body, { id: 9, test: false }, { env: { SLACK_URL: "xoxb-not-a-url-secret" } });
    expect(bad.error).toBe("the value of SLACK_URL is not an http(s) URL");
    expect(rx.calls).toHaveLength(0);
  });
});

describe("alertBaseUrl", () => {
  it("prefers the explicit value, then FLEETPRINT_URL, without a trailing slash", () => {
    expect(alertBaseUrl({ baseUrl: "https://a.example/", env: { FLEETPRINT_URL: "https://b.example" } })).toBe("https://a.example");
    expect(alertBaseUrl({ env: { FLEETPRINT_URL: "https://b.example//" } })).toBe("https://b.example");
    expect(alertBaseUrl({ baseUrl: null, env: { FLEETPRINT_URL: "https://b.example" } })).toBeNull();
    expect(alertBaseUrl({ env: {} })).toBeNull();
  });
});

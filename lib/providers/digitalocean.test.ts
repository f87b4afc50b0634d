import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeDigitalOcean, type FakeDigitalOcean } from "@/tests/fakes/digitalocean";
import { fakeClock, target, testContext } from "@/tests/fakes/provider-context";
import { providerConfigSchema, type DigitalOceanConfig } from "./config";
import { createDigitalOceanProvider } from "./digitalocean";

const TOKEN = "do-test-token";
let fake: FakeDigitalOcean;
let clock: ReturnType<typeof fakeClock>;

beforeEach(async () => {
  fake = await startFakeDigitalOcean({ token: TOKEN, droplets: [3164444], images: ["ubuntu-24-04-x64", 146288445] });
  clock = fakeClock();
});
afterEach(() => fake.close());

function provider(over: Partial<DigitalOceanConfig> = {}) {
  const config = providerConfigSchema.parse({ kind: "digitalocean", image: "ubuntu-24-04-x64", apiBase: fake.url, ...over }) as DigitalOceanConfig;
  return createDigitalOceanProvider(config, { sleep: clock.sleep, now: clock.now });
}
const env = { DIGITALOCEAN_TOKEN: TOKEN };

describe("digitalocean provider", () => {
  it("rebuilds the droplet and follows the action to completed", async () => {
    fake.options.pollsBeforeDone = 2;
    const { ctx, lines } = testContext(env);
    const out = await provider().rebuild(target(), ctx);
    expect(out).toEqual({ status: "succeeded", message: expect.stringContaining("droplet 3164444 rebuilt from image ubuntu-24-04-x64"), externalId: "36804636" });

    const post = fake.calls[0];
    expect(post.method).toBe("POST");
    expect(post.path).toBe("/v2/droplets/3164444/actions");
    expect(post.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(post.headers["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(post.body)).toEqual({ type: "rebuild", image: "ubuntu-24-04-x64" });
    expect(fake.calls.slice(1).map((c) => `${c.method} ${c.path}`)).toEqual(Array(3).fill("GET /v2/actions/36804636"));
    expect(clock.sleeps).toEqual([5000, 5000, 5000]); // the default poll interval
    expect(lines.join("\n")).toMatch(/rebuild action 36804636 accepted/);
    expect(lines.join("\n")).toMatch(/action 36804636 completed/);
    expect(lines.join("\n")).not.toContain(TOKEN);
  });

  it("records the action as soon as it exists, and resumes it without starting another", async () => {
    fake.options.pollsBeforeDone = 2;
    const started: string[] = [];
    const first = testContext(env);
    first.ctx.started = async (id) => void started.push(id);
    clock.onSleep = () => first.abort("restart"); // the process stops while following the action
    const cut = await provider().rebuild(target(), first.ctx);
    clock.onSleep = undefined;
    expect(cut).toMatchObject({ status: "failed", retryable: true, externalId: "36804636" });
    expect(started).toEqual(["36804636"]);
    const out = await provider().resume!("36804636", target(), testContext(env).ctx);
    expect(out).toMatchObject({ status: "succeeded", externalId: "36804636" });
    expect(fake.calls.filter((c) => c.method === "POST")).toHaveLength(1);
    expect(await provider().resume!("not-an-id", target(), testContext(env).ctx)).toMatchObject({ status: "failed", retryable: false });
  });

  it("accepts a numeric image id", async () => {
    const { ctx } = testContext(env);
    const out = await provider({ image: 146288445 }).rebuild(target(), ctx);
    expect(out.status).toBe("succeeded");
    expect(JSON.parse(fake.calls[0].body)).toEqual({ type: "rebuild", image: 146288445 });
  });

  it("asks for the token when its variable is unset, without calling the API", async () => {
    const { ctx } = testContext({});
    const out = await provider().rebuild(target(), ctx);
    expect(out).toMatchObject({ status: "failed", retryable: false, message: expect.stringContaining("set DIGITALOCEAN_TOKEN") });
    const custom = await provider({ tokenEnv: "DO_FLEET_TOKEN" }).rebuild(target(), ctx);
    expect(custom).toMatchObject({ status: "failed", message: expect.stringContaining("set DO_FLEET_TOKEN") });
    expect(fake.calls).toHaveLength(0);
  });

  it("refuses a provider reference that is not a droplet id", async () => {
    const { ctx } = testContext(env);
    expect(await provider().rebuild(target({ providerRef: "web-01.example.com" }), ctx)).toMatchObject({ status: "failed", retryable: false, message: expect.stringContaining("not a numeric droplet id") });
    expect(await provider().rebuild(target({ providerRef: "1/../../v2/account" }), ctx)).toMatchObject({ status: "failed", retryable: false });
    expect(await provider().rebuild(target({ providerRef: null }), ctx)).toMatchObject({ status: "failed", message: expect.stringContaining("no provider reference") });
    expect(fake.calls).toHaveLength(0);
  });

  it("reports a rejected token as final, and never shows the token", async () => {
    const { ctx, lines } = testContext({ DIGITALOCEAN_TOKEN: "dop_v1_wrong" });
    const out = await provider().rebuild(target(), ctx);
    expect(out).toMatchObject({ status: "failed", retryable: false, message: expect.stringContaining("rejected the token (HTTP 401; receiver said “Unauthorized: Unable to authenticate you”)") });
    expect(JSON.stringify(out) + lines.join("\n")).not.toContain("dop_v1_wrong");
  });

  it("explains a read-only token (403)", async () => {
    fake.options.readOnlyTokens = ["read-only"];
    const { ctx } = testContext({ DIGITALOCEAN_TOKEN: "read-only" });
    const out = await provider().rebuild(target(), ctx);
    expect(out).toMatchObject({ status: "failed", retryable: false, message: expect.stringContaining("droplet:update") });
  });

  it("reports an unknown droplet (404)", async () => {
    const { ctx } = testContext(env);
    const out = await provider().rebuild(target({ providerRef: "999" }), ctx);
    expect(out).toMatchObject({ status: "failed", retryable: false, message: "droplet 999 not found (HTTP 404; receiver said “not_found: The resource you were accessing could not be found.”)" });
  });

  it("passes on DigitalOcean's 422 message; a pending event is worth retrying, a bad image is not", async () => {
    const { ctx } = testContext(env);
    const bad = await provider({ image: "no-such-image" }).rebuild(target(), ctx);
    expect(bad).toMatchObject({ status: "failed", retryable: false, message: expect.stringContaining("invalid image") });

    fake.options.pollsBeforeDone = Infinity;
    const first = provider({ timeoutSeconds: 10 }).rebuild(target(), ctx);
    await first;
    const busy = await provider().rebuild(target(), ctx);
    expect(busy).toMatchObject({ status: "failed", retryable: true, message: expect.stringContaining("Droplet already has a pending event.") });
  });

  it("waits out a 429 for as long as Retry-After says, then goes on", async () => {
    fake.rateLimitNext({ retryAfterSeconds: 7 });
    const { ctx, lines } = testContext(env);
    const out = await provider().rebuild(target(), ctx);
    expect(out.status).toBe("succeeded");
    expect(clock.sleeps[0]).toBe(7000);
    expect(fake.calls.map((c) => c.status).slice(0, 3)).toEqual([429, 201, 200]);
    expect(lines.join("\n")).toMatch(/rate limit reached \(HTTP 429\); waiting 7s before retry 1\/3/);
  });

  it("falls back to ratelimit-reset (epoch seconds) when Retry-After is absent", async () => {
    fake.rateLimitNext({ retryAfterSeconds: 30, sendRetryAfter: false });
    const { ctx } = testContext(env);
    const out = await provider().rebuild(target(), ctx);
    expect(out.status).toBe("succeeded");
    expect(clock.sleeps[0]).toBeGreaterThan(28_000);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(30_000);
  });

  it("gives up on the rate limit after a bounded number of waits, as retryable", async () => {
    fake.rateLimitNext({ times: 10, retryAfterSeconds: 3 });
    const { ctx } = testContext(env);
    const out = await provider().rebuild(target(), ctx);
    expect(out).toMatchObject({ status: "failed", retryable: true, message: expect.stringMatching(/rate limit still exceeded after 3 waits .*too_many_requests.*retry after 3s/) });
    expect(fake.calls).toHaveLength(4);
  });

  it("does not wait longer than the rebuild may take", async () => {
    fake.rateLimitNext({ retryAfterSeconds: 3600 });
    const { ctx } = testContext(env);
    const out = await provider().rebuild(target(), ctx);
    expect(out).toMatchObject({ status: "failed", retryable: true, message: expect.stringContaining("retry after 3600s") });
    expect(clock.sleeps).toEqual([]);
  });

  it("calls a 5xx on the rebuild request retryable", async () => {
    fake.failNext({ status: 503 });
    const { ctx } = testContext(env);
    const out = await provider().rebuild(target(), ctx);
    expect(out).toMatchObject({ status: "failed", retryable: true, message: expect.stringContaining("HTTP 503; receiver said “service_unavailable") });
  });

  it("rides out a few 5xx while polling: the action runs on regardless", async () => {
    fake.failNext({ status: 502, times: 2, match: (c) => c.method === "GET" });
    const { ctx, lines } = testContext(env);
    const out = await provider().rebuild(target(), ctx);
    expect(out.status).toBe("succeeded");
    expect(lines.filter((l) => l.startsWith("status check failed"))).toHaveLength(2);
  });

  it("stops polling after too many 5xx in a row, keeping the action id", async () => {
    fake.failNext({ status: 500, times: 50, match: (c) => c.method === "GET" });
    const { ctx } = testContext(env);
    const out = await provider().rebuild(target(), ctx);
    expect(out).toMatchObject({ status: "failed", retryable: true, externalId: "36804636" });
  });

  it("reports an errored action as final", async () => {
    fake.options.actionOutcome = "errored";
    const { ctx } = testContext(env);
    const out = await provider().rebuild(target(), ctx);
    expect(out).toMatchObject({ status: "failed", retryable: false, externalId: "36804636", message: expect.stringContaining("errored") });
  });

  it("times out when the action never finishes", async () => {
    fake.options.pollsBeforeDone = Infinity;
    const { ctx, lines } = testContext(env);
    const out = await provider({ timeoutSeconds: 60, pollIntervalSeconds: 5 }).rebuild(target(), ctx);
    expect(out).toMatchObject({ status: "failed", retryable: false, externalId: "36804636", message: expect.stringContaining("still in-progress after 60s") });
    expect(fake.calls.filter((c) => c.method === "GET")).toHaveLength(12);
    // progress is logged on change and then once a minute, not on every poll
    expect(lines.filter((l) => l.includes("in-progress (")).length).toBeLessThanOrEqual(2);
  });

  it("stops when cancelled, keeping the action id", async () => {
    fake.options.pollsBeforeDone = Infinity;
    const { ctx, abort } = testContext(env);
    clock.onSleep = (n) => n === 3 && abort("shutdown");
    const out = await provider().rebuild(target(), ctx);
    expect(out).toEqual({ status: "failed", retryable: true, message: "cancelled (shutdown)", externalId: "36804636" });
  });

  it("reports an unreachable API as retryable", async () => {
    const { ctx } = testContext(env);
    await fake.close();
    const out = await provider().rebuild(target(), ctx);
    expect(out).toMatchObject({ status: "failed", retryable: true, message: expect.stringContaining("could not reach DigitalOcean: connection refused (ECONNREFUSED)") });
  });

  it("works with the real clock and millisecond polling", async () => {
    fake.options.pollsBeforeDone = 3;
    const config = providerConfigSchema.parse({ kind: "digitalocean", image: "ubuntu-24-04-x64", apiBase: fake.url, pollIntervalSeconds: 0.005 }) as DigitalOceanConfig;
    const { ctx } = testContext(env);
    const out = await createDigitalOceanProvider(config).rebuild(target(), ctx);
    expect(out.status).toBe("succeeded");
  });
});

describe("fake DigitalOcean follows the API contract", () => {
  it("answers errors as {id, message} with ratelimit headers", async () => {
    const res = await fetch(`${fake.url}/v2/droplets/3164444/actions`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ id: "Unauthorized", message: "Unable to authenticate you" });
    expect(res.headers.get("ratelimit-limit")).toBe("5000");
    expect(Number(res.headers.get("ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);
  });

  it("validates content type and body", async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const text = await fetch(`${fake.url}/v2/droplets/3164444/actions`, { method: "POST", body: "type=rebuild", headers: { ...auth, "content-type": "text/plain" } });
    expect(text.status).toBe(400);
    const blank = await fetch(`${fake.url}/v2/droplets/3164444/actions`, { method: "POST", body: '{"type":"rebuild"}', headers: { ...auth, "content-type": "application/json" } });
    expect(blank.status).toBe(422);
    expect(await blank.json()).toMatchObject({ id: "unprocessable_entity", message: "Image can't be blank" });
  });

  it("rate-limits with a too_many_requests body", async () => {
    fake.rateLimitNext({ retryAfterSeconds: 5 });
    const res = await fetch(`${fake.url}/v2/actions/1`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(res.headers.get("ratelimit-remaining")).toBe("0");
    expect(await res.json()).toEqual({ id: "too_many_requests", message: "API Rate limit exceeded." });
  });
});

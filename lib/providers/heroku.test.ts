import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeHeroku, type FakeHeroku } from "@/tests/fakes/heroku";
import { fakeClock, target, testContext } from "@/tests/fakes/provider-context";
import { providerConfigSchema, type HerokuConfig } from "./config";
import { createHerokuProvider } from "./heroku";

const KEY = "heroku-test-key";
const env = { HEROKU_API_KEY: KEY };
let fake: FakeHeroku;
let clock: ReturnType<typeof fakeClock>;

beforeEach(async () => {
  fake = await startFakeHeroku({ apiKey: KEY, apps: ["fp-web"] });
  clock = fakeClock();
});
afterEach(() => fake.close());

function provider(over: Record<string, unknown> = {}) {
  const config = providerConfigSchema.parse({
    kind: "heroku",
    mode: "build",
    sourceUrl: "https://artifacts.example.com/web/spec-{specVersion}.tgz?sig=secret",
    apiBase: fake.url,
    ...over,
  }) as HerokuConfig;
  return createHerokuProvider(config, { sleep: clock.sleep, now: clock.now });
}
const app = (over = {}) => target({ providerRef: "fp-web", ...over });

describe("heroku provider, build mode", () => {
  it("builds from the spec's tarball and follows the build to succeeded", async () => {
    fake.options.pollsBeforeDone = 2;
    const { ctx, lines } = testContext(env);
    const out = await provider().rebuild(app(), ctx);
    const [build] = [...fake.builds.values()];
    const [release] = [...fake.releases.values()];
    expect(out).toEqual({ status: "succeeded", message: `fp-web built and released from spec-v7 (build ${build.id}, release v${release.version})`, externalId: build.id });

    const post = fake.calls[0];
    expect(`${post.method} ${post.path}`).toBe("POST /apps/fp-web/builds");
    expect(post.headers.accept).toBe("application/vnd.heroku+json; version=3");
    expect(post.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(JSON.parse(post.body)).toEqual({ source_blob: { url: "https://artifacts.example.com/web/spec-7.tgz?sig=secret", version: "spec-v7" } });
    expect(fake.calls.filter((c) => c.path === `/apps/fp-web/builds/${build.id}`)).toHaveLength(3);
    expect(fake.calls.filter((c) => c.path === `/apps/fp-web/releases/${release.id}`)).toHaveLength(1);
    expect(clock.sleeps).toEqual([5000, 5000, 5000, 5000]);

    const log = lines.join("\n");
    expect(log).toContain("build output:");
    expect(log).toContain("  -----> Building on the Heroku-24 stack");
    expect(log).not.toContain("sig=secret"); // signed URLs stay out of the log
    expect(log).not.toContain(KEY);
    // the output stream is fetched without the API key
    const stream = fake.calls.find((c) => c.path.startsWith("/streams/"))!;
    expect(stream.headers.authorization).toBeUndefined();
  });

  it("a release phase that fails means not deployed: failed, with the release phase's output", async () => {
    fake.options.releasePhase = "failed";
    fake.options.releaseOutput = ["Running release command...", "ERROR: migration 0042 failed: column already exists"];
    const { ctx, lines } = testContext(env);
    const out = await provider().rebuild(app(), ctx);
    const [release] = [...fake.releases.values()];
    expect(out).toMatchObject({ status: "failed", retryable: false, message: expect.stringMatching(new RegExp(`release v${release.version} of fp-web failed in its release phase, so it was not deployed`)) });
    expect(lines.join("\n")).toContain("release phase output:");
    expect(lines.join("\n")).toContain("ERROR: migration 0042 failed");
  });

  it("waits for a slow release phase, and reports released only once it succeeded", async () => {
    fake.options.releasePhase = "succeeded";
    fake.options.releasePollsBeforeDone = 4;
    const { ctx, lines } = testContext(env);
    const out = await provider().rebuild(app(), ctx);
    expect(out).toMatchObject({ status: "succeeded", message: expect.stringMatching(/built and released .*release v\d+/) });
    const [release] = [...fake.releases.values()];
    expect(fake.calls.filter((c) => c.path === `/apps/fp-web/releases/${release.id}`)).toHaveLength(5);
    expect(lines.join("\n")).toMatch(/release v\d+ pending/);
  });

  it("resumes a build an earlier call started: follows it and its release, never builds again", async () => {
    fake.options.pollsBeforeDone = 1;
    const started: string[] = [];
    const first = testContext(env);
    first.ctx.started = async (id) => void started.push(id);
    clock.onSleep = () => first.abort("restart"); // the process stops right after the build was accepted
    const cut = await provider().rebuild(app(), first.ctx);
    clock.onSleep = undefined;
    expect(cut).toMatchObject({ status: "failed", retryable: true });
    expect(started).toHaveLength(1);
    const out = await provider().resume!(started[0], app(), testContext(env).ctx);
    expect(out).toMatchObject({ status: "succeeded", externalId: started[0] });
    expect(fake.calls.filter((c) => c.method === "POST")).toHaveLength(1);
  });

  it("prefers the configured app over the provider reference", async () => {
    const { ctx } = testContext(env);
    const out = await provider({ app: "fp-web" }).rebuild(app({ providerRef: null }), ctx);
    expect(out.status).toBe("succeeded");
  });

  it("reports a failed build with its output", async () => {
    fake.options.buildOutcome = "failed";
    fake.options.buildOutput = ["-----> Building", " !     Push rejected, failed to compile Node.js app."];
    const { ctx, lines } = testContext(env);
    const out = await provider().rebuild(app(), ctx);
    expect(out).toMatchObject({ status: "failed", retryable: false, externalId: [...fake.builds.keys()][0] });
    expect(lines).toContain("   !     Push rejected, failed to compile Node.js app.");
  });

  it("asks for the API key when unset, and for an app when none is known", async () => {
    expect(await provider().rebuild(app(), testContext({}).ctx)).toMatchObject({ status: "failed", retryable: false, message: expect.stringContaining("set HEROKU_API_KEY") });
    expect(await provider().rebuild(app({ providerRef: null }), testContext(env).ctx)).toMatchObject({ status: "failed", message: expect.stringContaining("no Heroku app") });
    expect(await provider().rebuild(app({ providerRef: "../account" }), testContext(env).ctx)).toMatchObject({ status: "failed", message: expect.stringContaining("not a Heroku app name") });
    expect(fake.calls).toHaveLength(0);
  });

  it("reports a rejected key (401) as final", async () => {
    const { ctx, lines } = testContext({ HEROKU_API_KEY: "HRKU-wrong" });
    const out = await provider().rebuild(app(), ctx);
    expect(out).toMatchObject({ status: "failed", retryable: false, message: "Heroku rejected the API key (HTTP 401; receiver said “unauthorized: Invalid credentials provided.”)" });
    expect(JSON.stringify(out) + lines.join("")).not.toContain("HRKU-wrong");
  });

  it("reports no access (403) and an unknown app (404)", async () => {
    fake.options.forbiddenKeys = ["other"];
    expect(await provider().rebuild(app(), testContext({ HEROKU_API_KEY: "other" }).ctx)).toMatchObject({ status: "failed", retryable: false, message: expect.stringContaining("no access to fp-web") });
    expect(await provider().rebuild(app({ providerRef: "fp-nope" }), testContext(env).ctx)).toMatchObject({
      status: "failed",
      retryable: false,
      message: "Heroku app fp-nope not found (HTTP 404; receiver said “not_found: Couldn't find that app.”)",
    });
  });

  it("passes on a 422 (invalid_params) as final", async () => {
    fake.inject({ status: 422, body: { id: "invalid_params", message: "source_blob.url could not be downloaded." }, match: (c) => c.method === "POST" });
    const out = await provider().rebuild(app(), testContext(env).ctx);
    expect(out).toMatchObject({ status: "failed", retryable: false, message: expect.stringContaining("invalid_params: source_blob.url could not be downloaded.") });
  });

  it("waits out a 429 (Retry-After, else backoff) and goes on", async () => {
    fake.rateLimitNext({ retryAfterSeconds: 4 });
    fake.rateLimitNext({ match: (c) => c.method === "GET" && c.path.includes("/builds/") }); // no Retry-After: backoff
    const { ctx, lines } = testContext(env);
    const out = await provider().rebuild(app(), ctx);
    expect(out.status).toBe("succeeded");
    expect(clock.sleeps.slice(0, 3)).toEqual([4000, 5000, 5000]);
    expect(lines.filter((l) => l.includes("rate limit reached"))).toHaveLength(2);
  });

  it("gives up after repeated 429s, as retryable", async () => {
    fake.rateLimitNext({ times: 5 });
    const out = await provider().rebuild(app(), testContext(env).ctx);
    expect(out).toMatchObject({ status: "failed", retryable: true, message: expect.stringContaining("rate_limit: Your account reached the API rate limit") });
  });

  it("calls a 5xx retryable", async () => {
    fake.failNext({ status: 503 });
    const out = await provider().rebuild(app(), testContext(env).ctx);
    expect(out).toMatchObject({ status: "failed", retryable: true, message: expect.stringContaining("HTTP 503") });
  });

  it("times out a build that stays pending", async () => {
    fake.options.pollsBeforeDone = Infinity;
    const out = await provider({ timeoutSeconds: 30, pollIntervalSeconds: 10 }).rebuild(app(), testContext(env).ctx);
    expect(out).toMatchObject({ status: "failed", retryable: false, message: expect.stringContaining("still pending after 30s") });
    expect(out.externalId).toBe([...fake.builds.keys()][0]);
  });

  it("stops when cancelled", async () => {
    fake.options.pollsBeforeDone = Infinity;
    const { ctx, abort } = testContext(env);
    clock.onSleep = (n) => n === 2 && abort("shutdown");
    const out = await provider().rebuild(app(), ctx);
    expect(out).toMatchObject({ status: "failed", retryable: true, message: "cancelled (shutdown)", externalId: [...fake.builds.keys()][0] });
  });
});

describe("heroku provider, restart mode", () => {
  it("restarts every dyno of the app", async () => {
    const out = await provider({ mode: "restart", sourceUrl: undefined }).rebuild(app(), testContext(env).ctx);
    expect(out).toEqual({ status: "succeeded", message: "restarted all dynos of fp-web" });
    expect(fake.restarts).toEqual(["fp-web"]);
    expect(`${fake.calls[0].method} ${fake.calls[0].path}`).toBe("DELETE /apps/fp-web/dynos");
  });

  it("maps errors the same way", async () => {
    const out = await provider({ mode: "restart", sourceUrl: undefined }).rebuild(app({ providerRef: "fp-gone" }), testContext(env).ctx);
    expect(out).toMatchObject({ status: "failed", retryable: false, message: expect.stringContaining("not found") });
  });
});

describe("fake Heroku follows the API contract", () => {
  it("insists on the version 3 media type and a key", async () => {
    const noAccept = await fetch(`${fake.url}/apps/fp-web/dynos`, { method: "DELETE", headers: { authorization: `Bearer ${KEY}` } });
    expect(noAccept.status).toBe(406);
    expect(await noAccept.json()).toMatchObject({ id: "not_acceptable" });
    const noKey = await fetch(`${fake.url}/apps/fp-web/dynos`, { method: "DELETE", headers: { accept: "application/vnd.heroku+json; version=3" } });
    expect(noKey.status).toBe(401);
    expect(noKey.headers.get("ratelimit-remaining")).toMatch(/^\d+$/);
  });

  it("validates the build body", async () => {
    const res = await fetch(`${fake.url}/apps/fp-web/builds`, {
      method: "POST",
      headers: { accept: "application/vnd.heroku+json; version=3", authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ source_blob: {} }),
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ id: "invalid_params" });
  });
});

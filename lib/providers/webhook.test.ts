import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "@/tests/fakes/webhook-receiver";
import { fakeClock, target, testContext } from "@/tests/fakes/provider-context";
import { providerConfigSchema, type WebhookConfig } from "./config";
import { createWebhookProvider, verifySignature } from "./webhook";

const SECRET = "whsec_0123456789";
const env = { WEBHOOK_SECRET: SECRET, GITHUB_TOKEN: "ghp_test", GITLAB_TRIGGER_TOKEN: "glptt-test" };
let rx: WebhookReceiver;

beforeEach(async () => {
  rx = await startWebhookReceiver({ secret: SECRET });
});
afterEach(() => rx.close());

function provider(over: Record<string, unknown> = {}, deps = {}) {
  const config = providerConfigSchema.parse({ kind: "webhook", url: `${rx.url}/hooks/fleetprint`, secretEnv: "WEBHOOK_SECRET", ...over }) as WebhookConfig;
  return createWebhookProvider(config, deps);
}

describe("webhook provider, generic format", () => {
  it("posts a signed JSON payload the receiver can verify", async () => {
    const { ctx, lines } = testContext(env);
    const out = await provider().rebuild(target(), ctx);
    expect(out).toEqual({ status: "succeeded", message: `the webhook at ${rx.url} accepted the rebuild (HTTP 202), run run-1`, externalId: "run-1" });

    const [hook] = rx.hooks;
    expect(hook.signatureValid).toBe(true);
    expect(hook.payload).toEqual({ event: "fleetprint.rebuild", requestId: "rr-0001", hostname: "web-01", fleet: "web", providerRef: "3164444", specVersion: 7 });
    const h = hook.call.headers;
    expect(h["content-type"]).toBe("application/json");
    expect(h["idempotency-key"]).toBe("rr-0001");
    expect(h["x-fleetprint-event"]).toBe("rebuild");
    expect(verifySignature(hook.call.body, h["x-fleetprint-signature"] as string, SECRET, h["x-fleetprint-timestamp"] as string)).toBe(true);
    expect(verifySignature(hook.call.body, h["x-fleetprint-signature"] as string, "wrong", h["x-fleetprint-timestamp"] as string)).toBe(false);
    expect(lines.join("\n")).not.toContain(SECRET);
  });

  it("waits for the callback when asked, sending the callback URL", async () => {
    const { ctx } = testContext(env, "https://fleetprint.example.com/api/v1/rebuilds/rr-0001/callback");
    const out = await provider({ waitForCallback: true }).rebuild(target(), ctx);
    expect(out).toMatchObject({ status: "waiting-callback", externalId: "run-1", message: expect.stringContaining("waiting for its callback") });
    expect(rx.hooks[0].payload).toMatchObject({ callbackUrl: "https://fleetprint.example.com/api/v1/rebuilds/rr-0001/callback" });
  });

  it("says so when the receiver rejects the signature (wrong secret)", async () => {
    const { ctx } = testContext({ ...env, WEBHOOK_SECRET: "not-the-secret" });
    const out = await provider().rebuild(target(), ctx);
    expect(out).toMatchObject({ status: "failed", retryable: false, message: expect.stringContaining('(HTTP 401); receiver said “{"error":"invalid signature"}”') });
    expect(rx.hooks[0].signatureValid).toBe(false);
  });

  it("asks for the secret when its variable is unset, without posting", async () => {
    const out = await provider().rebuild(target(), testContext({}).ctx);
    expect(out).toMatchObject({ status: "failed", retryable: false, message: expect.stringContaining("set WEBHOOK_SECRET") });
    expect(rx.calls).toHaveLength(0);
  });

  it("maps 4xx to final failures with the (truncated) answer", async () => {
    rx.respondNext(422, { error: "unknown fleet", detail: "x".repeat(2000) });
    const out = await provider().rebuild(target(), testContext(env).ctx);
    expect(out).toMatchObject({ status: "failed", retryable: false, message: expect.stringContaining('refused the rebuild (HTTP 422); receiver said “{"error":"unknown fleet"') });
    expect(out.message.length).toBeLessThan(700);
  });

  it("maps 5xx, 408 and network errors to retryable failures", async () => {
    rx.respondNext(502, "Bad Gateway");
    expect(await provider().rebuild(target(), testContext(env).ctx)).toMatchObject({ status: "failed", retryable: true, message: expect.stringContaining("(HTTP 502); receiver said “Bad Gateway”") });
    rx.respondNext(408);
    expect(await provider().rebuild(target(), testContext(env).ctx)).toMatchObject({ status: "failed", retryable: true });
    const url = rx.url;
    await rx.close();
    const gone = createWebhookProvider(providerConfigSchema.parse({ kind: "webhook", url, secretEnv: "WEBHOOK_SECRET" }) as WebhookConfig);
    expect(await gone.rebuild(target(), testContext(env).ctx)).toMatchObject({ status: "failed", retryable: true, message: expect.stringContaining(`could not reach the webhook at ${url}: connection`) });
  });

  it("refuses loopback and the metadata address unless FLEETPRINT_OUTBOUND_ALLOW names them, as a final failure", async () => {
    const out = await provider().rebuild(target(), testContext({ ...env, FLEETPRINT_OUTBOUND_ALLOW: "" }).ctx);
    expect(out).toMatchObject({ status: "failed", retryable: false, message: expect.stringMatching(/^the webhook at http:\/\/127\.0\.0\.1:\d+: refused: 127\.0\.0\.1 is a loopback address.*FLEETPRINT_OUTBOUND_ALLOW/) });
    const metadata = createWebhookProvider(providerConfigSchema.parse({ kind: "webhook", url: "http://169.254.169.254/latest/meta-data/", secretEnv: "WEBHOOK_SECRET" }) as WebhookConfig);
    expect((await metadata.rebuild(target(), testContext(env).ctx)).message).toMatch(/169\.254\.169\.254 is a cloud metadata address/);
    expect(rx.calls).toHaveLength(0);
  });

  it("maps 429 to retryable, quoting Retry-After", async () => {
    rx.respondNext(429, { error: "slow down" }, { "retry-after": "30" });
    const clock = fakeClock();
    const out = await provider({}, { now: clock.now }).rebuild(target(), testContext(env).ctx);
    expect(out).toMatchObject({ status: "failed", retryable: true, message: expect.stringContaining("rate limiting (HTTP 429); retry after 30s"), retryAfterMs: 30_000 });
  });

  it("does not follow redirects (a POST must not become a GET)", async () => {
    rx.respondNext(302, undefined, { location: "https://elsewhere.example.com/hook" });
    const out = await provider().rebuild(target(), testContext(env).ctx);
    expect(out).toMatchObject({ status: "failed", retryable: false, message: expect.stringContaining("redirected (HTTP 302 to https://elsewhere.example.com)") });
    expect(rx.calls).toHaveLength(1);
  });

  it("times out a receiver that never answers", async () => {
    rx.hangNext();
    const out = await provider({ timeoutSeconds: 0.2 }).rebuild(target(), testContext(env).ctx);
    expect(out).toMatchObject({ status: "failed", retryable: true, message: `the webhook at ${rx.url} did not answer within 200ms` });
  });

  it("stops when cancelled", async () => {
    rx.hangNext();
    const { ctx, abort } = testContext(env);
    setTimeout(() => abort("shutdown"), 50);
    const out = await provider().rebuild(target(), ctx);
    expect(out).toEqual({ status: "failed", retryable: true, message: "cancelled (shutdown)" });
  });

  it("logs only the receiver's origin: paths and queries can hold tokens", async () => {
    const { ctx, lines } = testContext(env);
    await provider({ url: `${rx.url}/services/T000/B000/XXXXSECRETXXXX?key=abc` }).rebuild(target(), ctx);
    const shown = lines.join("\n");
    expect(shown).toContain(rx.url);
    expect(shown).not.toMatch(/XXXXSECRET|key=abc/);
  });
});

describe("webhook provider, github format (repository_dispatch)", () => {
  const gh = (over = {}) => provider({ url: `${rx.url}/repos/acme/infra/dispatches`, format: "github", tokenEnv: "GITHUB_TOKEN", secretEnv: undefined, ...over });

  it("reads GitHub's primary rate limit (403 or 429, x-ratelimit-remaining 0) as 'later', waiting until x-ratelimit-reset", async () => {
    for (const status of [403, 429] as const) {
      rx.githubRateLimitNext({ kind: "primary", status, resetInSeconds: 120 });
      const out = await gh().rebuild(target(), testContext(env).ctx);
      expect(out).toMatchObject({ status: "failed", retryable: true, message: expect.stringMatching(new RegExp(`rate limiting \\(HTTP ${status}\\); retry after 1[12]\\ds.*API rate limit exceeded`)) });
      expect((out as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(110_000);
    }
  });

  it("reads a secondary rate limit (403 with retry-after) as 'later' too, and a plain 403 as a refusal", async () => {
    rx.githubRateLimitNext({ kind: "secondary", resetInSeconds: 60 });
    expect(await gh().rebuild(target(), testContext(env).ctx)).toMatchObject({ status: "failed", retryable: true, retryAfterMs: 60_000, message: expect.stringContaining("secondary rate limit") });
    rx.respondNext(403, { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest", status: "403" });
    expect(await gh().rebuild(target(), testContext(env).ctx)).toMatchObject({ status: "failed", retryable: false, message: expect.stringContaining("refused the rebuild (HTTP 403)") });
  });

  it("creates a repository dispatch event", async () => {
    const out = await gh().rebuild(target(), testContext(env, "https://fp.example.com/cb").ctx);
    expect(out).toMatchObject({ status: "succeeded", message: expect.stringContaining("(HTTP 204)") });
    const [hook] = rx.hooks;
    expect(hook.format).toBe("github");
    expect(hook.payload).toEqual({
      event_type: "fleetprint-rebuild",
      client_payload: { requestId: "rr-0001", hostname: "web-01", fleet: "web", providerRef: "3164444", specVersion: 7, callbackUrl: "https://fp.example.com/cb" },
    });
    expect(hook.call.headers.accept).toBe("application/vnd.github+json");
    expect(hook.call.headers.authorization).toBe("Bearer ghp_test");
    expect(hook.call.headers["x-github-api-version"]).toBe("2022-11-28");
    expect(hook.call.headers["user-agent"]).toBe("Fleetprint");
    expect(hook.signatureValid).toBeNull();
  });

  it("reports bad credentials as final", async () => {
    const out = await gh().rebuild(target(), testContext({ ...env, GITHUB_TOKEN: "ghp_wrong" }).ctx);
    expect(out).toMatchObject({ status: "failed", retryable: false, message: expect.stringContaining("Bad credentials") });
  });

  it("passes GitHub's 422 on (event_type too long)", async () => {
    const out = await gh({ eventType: "e".repeat(100) }).rebuild(target(), testContext(env).ctx);
    expect(out.status).toBe("succeeded");
    const raw = await fetch(`${rx.url}/repos/acme/infra/dispatches`, { method: "POST", headers: { authorization: "Bearer ghp_test", "user-agent": "t" }, body: JSON.stringify({ event_type: "e".repeat(101) }) });
    expect(raw.status).toBe(422);
  });
});

describe("webhook provider, gitlab format (pipeline trigger)", () => {
  const gl = (over = {}) => provider({ url: `${rx.url}/api/v4/projects/42/trigger/pipeline`, format: "gitlab", tokenEnv: "GITLAB_TRIGGER_TOKEN", secretEnv: undefined, ref: "infra", ...over });

  it("triggers a pipeline with the rebuild as variables and keeps the pipeline id", async () => {
    const { ctx, lines } = testContext(env);
    const out = await gl().rebuild(target(), ctx);
    expect(out).toMatchObject({ status: "succeeded", externalId: "1000001" });
    expect(rx.hooks[0].payload).toEqual({
      token: "glptt-test",
      ref: "infra",
      "variables[FLEETPRINT_REQUEST_ID]": "rr-0001",
      "variables[FLEETPRINT_HOSTNAME]": "web-01",
      "variables[FLEETPRINT_FLEET]": "web",
      "variables[FLEETPRINT_PROVIDER_REF]": "3164444",
      "variables[FLEETPRINT_SPEC_VERSION]": "7",
    });
    expect(lines).toContain("pipeline: https://gitlab.example.com/ops/fleet/-/pipelines/1000001");
    expect(lines.join("\n")).not.toContain("glptt-test");
  });

  it("a project that forbids pipeline variables: the refusal says what to change, and variables: false triggers without them", async () => {
    rx.options.gitlabRestrictVariables = true;
    const refused = await gl().rebuild(target(), testContext(env).ctx);
    expect(refused).toMatchObject({ status: "failed", retryable: false, message: expect.stringContaining('Set "variables": false in this fleet\'s webhook provider') });
    expect(refused.message).toContain("POST /api/v1/rebuilds/dispatched");
    const { ctx } = testContext(env, "https://fp.example.com/api/v1/rebuilds/rr-0001/callback");
    const out = await gl({ variables: false, secretEnv: "WEBHOOK_SECRET", waitForCallback: true }).rebuild(target(), ctx);
    expect(out).toMatchObject({ status: "waiting-callback", externalId: "1000001", message: expect.stringContaining("reads its work from /api/v1/rebuilds/dispatched") });
    expect(rx.hooks[1].payload).toEqual({ token: "glptt-test", ref: "infra" });
  });

  it("refuses a config without variables that the pipeline could not use", () => {
    const parse = (over: Record<string, unknown>) => providerConfigSchema.safeParse({ kind: "webhook", url: "https://gitlab.example.com/api/v4/projects/42/trigger/pipeline", format: "gitlab", tokenEnv: "T", variables: false, ...over });
    expect(parse({}).success).toBe(false); // no secret to sign the read, no callback to report on
    expect(parse({ secretEnv: "S" }).success).toBe(false);
    expect(parse({ secretEnv: "S", waitForCallback: true }).success).toBe(true);
    expect(providerConfigSchema.safeParse({ kind: "webhook", url: "https://x.example.com/h", secretEnv: "S", variables: false, waitForCallback: true }).success).toBe(false);
  });

  it("reports a wrong trigger token (GitLab answers 404) as final", async () => {
    const out = await gl().rebuild(target(), testContext({ ...env, GITLAB_TRIGGER_TOKEN: "nope" }).ctx);
    expect(out).toMatchObject({ status: "failed", retryable: false, message: expect.stringContaining('(HTTP 404); receiver said “{"message":"404 Not Found"}”') });
  });
});

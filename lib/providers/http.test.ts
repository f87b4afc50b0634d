import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startServer, type FakeServer } from "@/tests/fakes/http-server";
import { fakeClock, testContext } from "@/tests/fakes/provider-context";
import { defaultSleep, errorSummary, fmtSeconds, originOf, ProviderFailure, retryAfterMs, runtime, send, sendRespectingRateLimit, toOutcome, truncate, type ApiRequest } from "./http";

const now = 1_750_000_000_000;

describe("retryAfterMs", () => {
  it("reads Retry-After as seconds or an HTTP date", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "12" }), now)).toBe(12_000);
    expect(retryAfterMs(new Headers({ "retry-after": new Date(now + 30_000).toUTCString() }), now)).toBe(30_000);
  });
  it("falls back to ratelimit-reset: epoch seconds (DigitalOcean) or delta seconds", () => {
    expect(retryAfterMs(new Headers({ "ratelimit-reset": String(now / 1000 + 45) }), now)).toBe(45_000);
    expect(retryAfterMs(new Headers({ "ratelimit-reset": "20" }), now)).toBe(20_000);
    expect(retryAfterMs(new Headers({ "ratelimit-reset": String(now / 1000 - 5) }), now)).toBe(0);
    expect(retryAfterMs(new Headers(), now)).toBeNull();
  });
});

describe("errorSummary", () => {
  const res = (status: number, text: string) => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status, headers: new Headers(), text, json };
  };
  it("uses the {id, message} body DigitalOcean and Heroku send", () => {
    expect(errorSummary(res(404, '{"id":"not_found","message":"Couldn\'t find that app.","resource":"app"}'))).toBe("HTTP 404; receiver said “not_found: Couldn't find that app.”");
    expect(errorSummary(res(429, '{"id":"rate_limit","message":"Your account reached the API rate limit\\nPlease wait"}'))).toBe("HTTP 429; receiver said “rate_limit: Your account reached the API rate limit Please wait”");
    expect(errorSummary(res(400, '{"error":"ref is missing"}'))).toBe("HTTP 400; receiver said “ref is missing”");
  });
  it("falls back to the (truncated, redacted) text", () => {
    expect(errorSummary(res(502, "<html>Bad Gateway</html>"))).toBe("HTTP 502; receiver said “<html>Bad Gateway</html>”");
    expect(errorSummary(res(500, ""))).toBe("HTTP 500");
    expect(errorSummary(res(500, "x ".repeat(1000))).length).toBeLessThan(250);
    expect(errorSummary(res(500, '{"message":"bad key","api_key":"sk_live_0123"}'))).toBe("HTTP 500; receiver said “bad key”");
    expect(errorSummary(res(500, "token=sk_live_0123 rejected"))).toBe("HTTP 500; receiver said “token=[redacted] rejected”");
  });
});

describe("small helpers", () => {
  it("truncate strips control characters and says how much was cut", () => {
    expect(truncate("a\u0000b\u001bc", 10)).toBe("a b c");
    expect(truncate("abcdef", 3)).toBe("abc… (3 more characters)");
  });
  it("originOf hides paths and queries", () => {
    expect(originOf("https://user:pw@hooks.example.com/services/T/B/SECRET?x=1")).toBe("https://hooks.example.com");
    expect(originOf("not a url")).toBe("(invalid URL)");
  });
  it("fmtSeconds", () => {
    expect([fmtSeconds(250), fmtSeconds(1000), fmtSeconds(1500), fmtSeconds(900_000)]).toEqual(["250ms", "1s", "1.5s", "900s"]);
  });
  it("toOutcome turns failures into outcomes and bugs into non-retryable internal errors", () => {
    expect(toOutcome(new ProviderFailure("nope", true, "a1"))).toEqual({ status: "failed", message: "nope", retryable: true, externalId: "a1" });
    expect(toOutcome(new TypeError("x is undefined"))).toMatchObject({ status: "failed", retryable: false, message: "internal error in provider: x is undefined" });
  });
  it("defaultSleep waits and can be aborted", async () => {
    const t = Date.now();
    await defaultSleep(30);
    expect(Date.now() - t).toBeGreaterThanOrEqual(25);
    const ac = new AbortController();
    const p = defaultSleep(10_000, ac.signal);
    ac.abort("stop");
    await expect(p).rejects.toBe("stop");
  });
});

describe("send / sendRespectingRateLimit", () => {
  let server: FakeServer;
  beforeEach(async () => {
    server = await startServer(() => ({ status: 200, body: { ok: true } }));
  });
  afterEach(() => server.close());
  const req = (over: Partial<ApiRequest> = {}): ApiRequest => ({ method: "GET", url: `${server.url}/x`, headers: {}, timeoutMs: 2000, label: "the fake", ...over });

  it("parses JSON and keeps text", async () => {
    const res = await send(runtime(), testContext().ctx, req());
    expect(res).toMatchObject({ status: 200, json: { ok: true }, text: '{"ok":true}' });
  });

  it("does not follow redirects", async () => {
    server.inject({ status: 307, headers: { location: "/elsewhere" } });
    const res = await send(runtime(), testContext().ctx, req({ method: "POST", body: "{}" }));
    expect(res.status).toBe(307);
    expect(server.calls).toHaveLength(1);
  });

  it("names a timeout as retryable", async () => {
    server.inject({ status: 0, hang: true });
    await expect(send(runtime(), testContext().ctx, req({ timeoutMs: 100 }))).rejects.toMatchObject({ message: "the fake did not answer within 100ms", retryable: true });
  });

  it("waits out 429s within the policy", async () => {
    server.inject({ status: 429, times: 2, headers: { "retry-after": "3" } });
    const clock = fakeClock();
    const { ctx, lines } = testContext();
    const res = await sendRespectingRateLimit({ ...runtime(), sleep: clock.sleep, now: clock.now }, ctx, req(), { maxRetries: 3, maxWaitMs: 60_000, fallbackWaitMs: () => 1000, deadline: clock.now() + 60_000 });
    expect(res.status).toBe(200);
    expect(clock.sleeps).toEqual([3000, 3000]);
    expect(lines).toHaveLength(2);
  });

  it("uses the fallback wait when the API names none", async () => {
    server.inject({ status: 429, times: 2 });
    const clock = fakeClock();
    await sendRespectingRateLimit({ ...runtime(), sleep: clock.sleep, now: clock.now }, testContext().ctx, req(), { maxRetries: 3, maxWaitMs: 60_000, fallbackWaitMs: (n) => n * 1000, deadline: clock.now() + 60_000 });
    expect(clock.sleeps).toEqual([1000, 2000]);
  });
});

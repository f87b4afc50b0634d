import { describe, expect, it } from "vitest";
import { backoffMs, classifyStatus, MAX_ATTEMPTS, MAX_RETRY_AFTER_MS, nextStep, parseRetryAfter } from "./alert-backoff";

const now = new Date("2026-03-01T10:00:00Z");
const mid = () => 0.5; // no jitter

describe("backoffMs", () => {
  it("grows 30 s, 2 min, 8 min, 32 min, then stays at an hour", () => {
    expect([1, 2, 3, 4, 5, 6, 9].map((a) => backoffMs(a, mid) / 1000)).toEqual([30, 120, 480, 1920, 3600, 3600, 3600]);
  });

  it("jitters by ±20%", () => {
    expect(backoffMs(1, () => 0)).toBe(24_000);
    expect(backoffMs(1, () => 0.999999)).toBeCloseTo(36_000, -2);
    expect(backoffMs(2, () => 0)).toBe(96_000);
  });
});

describe("classifyStatus", () => {
  it("retries what may pass and gives up on what will not", () => {
    expect([200, 202, 204].map(classifyStatus)).toEqual(["delivered", "delivered", "delivered"]);
    expect([null, 408, 425, 429, 500, 502, 503].map(classifyStatus)).toEqual(Array(7).fill("retryable"));
    expect([301, 400, 401, 403, 404, 410, 413].map(classifyStatus)).toEqual(Array(7).fill("permanent"));
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("120", now.getTime())).toBe(120_000);
    expect(parseRetryAfter(new Date(now.getTime() + 90_000).toUTCString(), now.getTime())).toBe(90_000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now.getTime())).toBe(0);
    expect(parseRetryAfter(null, 0)).toBeNull();
    expect(parseRetryAfter("soon", 0)).toBeNull();
  });
});

describe("nextStep", () => {
  it("marks 2xx delivered", () => {
    expect(nextStep({ status: 200, retryAfterMs: null }, 1, MAX_ATTEMPTS, now, mid)).toEqual({ status: "delivered", nextAttemptAt: null, gaveUp: null });
  });

  it("schedules a retry on the backoff schedule", () => {
    const s = nextStep({ status: 500, retryAfterMs: null }, 2, MAX_ATTEMPTS, now, mid);
    expect(s).toEqual({ status: "pending", nextAttemptAt: new Date(now.getTime() + 120_000), gaveUp: null });
    expect(nextStep({ status: null, retryAfterMs: null }, 1, MAX_ATTEMPTS, now, mid).nextAttemptAt).toEqual(new Date(now.getTime() + 30_000));
  });

  it("honours Retry-After, at least a second, at most the cap", () => {
    expect(nextStep({ status: 429, retryAfterMs: 7_000 }, 1, MAX_ATTEMPTS, now, mid).nextAttemptAt).toEqual(new Date(now.getTime() + 7_000));
    expect(nextStep({ status: 429, retryAfterMs: 0 }, 1, MAX_ATTEMPTS, now, mid).nextAttemptAt).toEqual(new Date(now.getTime() + 1_000));
    expect(nextStep({ status: 503, retryAfterMs: 48 * 3600_000 }, 1, MAX_ATTEMPTS, now, mid).nextAttemptAt).toEqual(new Date(now.getTime() + MAX_RETRY_AFTER_MS));
  });

  it("does not retry a refusal", () => {
    expect(nextStep({ status: 400, retryAfterMs: null }, 1, MAX_ATTEMPTS, now, mid)).toEqual({ status: "failed", nextAttemptAt: null, gaveUp: "not retried: the receiver refused it" });
  });

  it("does not retry a channel that cannot be sent", () => {
    expect(nextStep({ status: null, retryAfterMs: null, misconfigured: true }, 1, MAX_ATTEMPTS, now, mid).status).toBe("failed");
  });

  it("gives up after the last attempt", () => {
    expect(nextStep({ status: 503, retryAfterMs: null }, MAX_ATTEMPTS, MAX_ATTEMPTS, now, mid)).toEqual({ status: "failed", nextAttemptAt: null, gaveUp: `gave up after ${MAX_ATTEMPTS} attempts` });
    expect(nextStep({ status: 503, retryAfterMs: 5000 }, 1, 1, now, mid).gaveUp).toBe("gave up after 1 attempt");
  });
});

import { describe, expect, it } from "vitest";
import { decideRetry, MAX_PROVIDER_WAIT_MS } from "./rebuild-retry";

const now = new Date("2026-11-30T12:00:00Z");
const mid = () => 0.5;

describe("decideRetry", () => {
  it("never repeats a final answer", () => {
    expect(decideRetry({ retryable: false }, 1, 4, now)).toEqual({ retry: false, why: "the provider's answer is final" });
  });
  it("backs off 30 s, 2 min, 8 min by default and stops at the fleet's limit", () => {
    expect(decideRetry({ retryable: true }, 1, 4, now, 30_000, mid)).toMatchObject({ retry: true, waitMs: 30_000 });
    expect(decideRetry({ retryable: true }, 2, 4, now, 30_000, mid)).toMatchObject({ retry: true, waitMs: 120_000 });
    expect(decideRetry({ retryable: true }, 3, 4, now, 30_000, mid)).toMatchObject({ retry: true, waitMs: 480_000, at: new Date(now.getTime() + 480_000) });
    expect(decideRetry({ retryable: true }, 4, 4, now, 30_000, mid)).toEqual({ retry: false, why: "gave up after 4 attempts (the fleet allows 4)" });
    expect(decideRetry({ retryable: true }, 1, 1, now)).toEqual({ retry: false, why: "gave up after 1 attempt (the fleet allows 1)" });
  });
  it("spreads retries ±20% so hosts that failed together do not return together", () => {
    expect(decideRetry({ retryable: true }, 1, 4, now, 30_000, () => 0)).toMatchObject({ waitMs: 24_000 });
    expect(decideRetry({ retryable: true }, 1, 4, now, 30_000, () => 1)).toMatchObject({ waitMs: 36_000 });
  });
  it("honours the provider's Retry-After, at least a second and at most an hour", () => {
    expect(decideRetry({ retryable: true, retryAfterMs: 42_000 }, 1, 4, now)).toMatchObject({ waitMs: 42_000 });
    expect(decideRetry({ retryable: true, retryAfterMs: 0 }, 1, 4, now)).toMatchObject({ waitMs: 1000 });
    expect(decideRetry({ retryable: true, retryAfterMs: 9e9 }, 1, 4, now)).toMatchObject({ waitMs: MAX_PROVIDER_WAIT_MS });
  });
  it("scales the schedule with a base delay (a lab's faster retries)", () => {
    expect(decideRetry({ retryable: true }, 1, 4, now, 1000, mid)).toMatchObject({ waitMs: 1000 });
  });
});

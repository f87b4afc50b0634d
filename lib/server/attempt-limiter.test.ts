import { describe, expect, it } from "vitest";
import { createAttemptLimiter } from "./attempt-limiter";

describe("createAttemptLimiter", () => {
  it("lets a key fail max times, then asks it to wait until the oldest failure leaves the window", () => {
    const l = createAttemptLimiter({ max: 3, windowMs: 60_000 });
    for (const t of [0, 10_000, 20_000]) {
      expect(l.retryAfter("a", t)).toBe(0);
      l.fail("a", t);
    }
    expect(l.retryAfter("a", 30_000)).toBe(30);
    expect(l.retryAfter("b", 30_000)).toBe(0); // keys are independent
    expect(l.retryAfter("a", 60_000)).toBe(0); // the first failure aged out
  });

  it("forgets a key on success", () => {
    const l = createAttemptLimiter({ max: 1, windowMs: 60_000 });
    l.fail("a", 0);
    expect(l.retryAfter("a", 1)).toBeGreaterThan(0);
    l.reset("a");
    expect(l.retryAfter("a", 1)).toBe(0);
  });
});

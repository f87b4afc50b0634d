// Counts failed sign-ins per key (an email, an IP) in a sliding window, in memory. The sign-in form is a server
// action, which calls better-auth directly and so bypasses better-auth's HTTP rate limiter: this stands in for it.
// Per process: with several instances an attacker gets N times the budget, still far from a useful guess rate.

export interface AttemptLimiter {
  /** Seconds to wait before trying again, or 0 when the key may try now. */
  retryAfter(key: string, now?: number): number;
  fail(key: string, now?: number): void;
  reset(key: string): void;
}

export function createAttemptLimiter({ max, windowMs }: { max: number; windowMs: number }): AttemptLimiter {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number) => {
    const kept = (failures.get(key) ?? []).filter((t) => now - t < windowMs);
    if (kept.length) failures.set(key, kept);
    else failures.delete(key);
    return kept;
  };
  return {
    retryAfter(key, now = Date.now()) {
      const r = recent(key, now);
      return r.length < max ? 0 : Math.ceil((r[r.length - max] + windowMs - now) / 1000);
    },
    fail(key, now = Date.now()) {
      const r = recent(key, now);
      r.push(now);
      failures.set(key, r.slice(-max));
      if (failures.size > 10_000) failures.delete(failures.keys().next().value as string); // bounded memory
    },
    reset(key) {
      failures.delete(key);
    },
  };
}

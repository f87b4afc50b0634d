// Whether a failed provider call is tried again, and when. A transient answer (a busy droplet, a 429 still failing
// after waiting, a timeout, a 5xx) must not end a rebuild for good; a permanent one (bad token, unknown droplet, a
// build that failed) must not be repeated. Pure: the clock and the dice are passed in.
import { backoffMs } from "./alert-backoff";

/** A provider that asks for a longer wait than this is tried again after this (and the wait is shown). */
export const MAX_PROVIDER_WAIT_MS = 60 * 60_000;

export interface FailedCall {
  retryable: boolean;
  retryAfterMs?: number;
}

export type RetryDecision = { retry: true; at: Date; waitMs: number } | { retry: false; why: string };

/**
 * After failed call `attempt` (1-based) of at most `limit`: again at the provider's asked time (at least a second)
 * or on the backoff schedule (base ×4 per attempt, ±20%: 30 s, 2 min, 8 min… by default).
 */
export function decideRetry(f: FailedCall, attempt: number, limit: number, now: Date, baseMs = 30_000, random: () => number = Math.random): RetryDecision {
  if (!f.retryable) return { retry: false, why: "the provider's answer is final" };
  if (attempt >= limit) return { retry: false, why: `gave up after ${attempt} attempt${attempt === 1 ? "" : "s"} (the fleet allows ${limit})` };
  const waitMs =
    f.retryAfterMs !== undefined ? Math.min(MAX_PROVIDER_WAIT_MS, Math.max(1000, Math.ceil(f.retryAfterMs))) : Math.round((backoffMs(attempt, random) * baseMs) / 30_000);
  return { retry: true, at: new Date(now.getTime() + waitMs), waitMs };
}

// What happens after one delivery attempt: delivered, tried again later (exponential backoff with jitter, or
// when the receiver's Retry-After says), or given up. Pure: the clock and the dice are passed in.

/** Attempts per alert delivery, the first included; a test message is tried once. */
export const MAX_ATTEMPTS = 6;
export const BASE_DELAY_MS = 30_000;
export const MAX_DELAY_MS = 60 * 60_000;
/** A Retry-After further out than this is cut short: an alert that arrives hours late is worth little. */
export const MAX_RETRY_AFTER_MS = 6 * 60 * 60_000;

export type Verdict = "delivered" | "retryable" | "permanent";

/**
 * 2xx is delivered. Timeouts, network errors (status null), 408, 425, 429 and 5xx may pass: try again. Anything
 * else (a redirect, 400 invalid_payload, 403, 404 no_service, 410 channel_is_archived…) will not fix itself.
 */
export function classifyStatus(status: number | null): Verdict {
  if (status === null) return "retryable";
  if (status >= 200 && status < 300) return "delivered";
  if (status === 408 || status === 425 || status === 429 || status >= 500) return "retryable";
  return "permanent";
}

/**
 * Wait after failed attempt `attempt` (1-based): 30 s, 2 min, 8 min, 32 min, then 1 h, each ±20% so the
 * deliveries of many channels that failed together (a receiver outage) do not come back in lockstep.
 */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 4 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Retry-After as delta seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  const v = value?.trim();
  if (!v) return null;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

export interface AttemptResult {
  status: number | null;
  retryAfterMs: number | null;
  /** Failed before sending (a missing environment variable): waiting will not fix it. */
  misconfigured?: boolean;
}

export interface NextStep {
  status: "delivered" | "pending" | "failed";
  nextAttemptAt: Date | null;
  /** Why it stopped, when it did not succeed and will not be tried again. */
  gaveUp: string | null;
}

export function nextStep(r: AttemptResult, attempt: number, maxAttempts: number, now: Date, random: () => number = Math.random): NextStep {
  if (r.misconfigured) return { status: "failed", nextAttemptAt: null, gaveUp: "not retried: fix the channel's configuration" };
  const verdict = classifyStatus(r.status);
  if (verdict === "delivered") return { status: "delivered", nextAttemptAt: null, gaveUp: null };
  if (verdict === "permanent") return { status: "failed", nextAttemptAt: null, gaveUp: "not retried: the receiver refused it" };
  if (attempt >= maxAttempts) return { status: "failed", nextAttemptAt: null, gaveUp: `gave up after ${attempt} attempt${attempt === 1 ? "" : "s"}` };
  // The receiver's own answer wins over our schedule (at least a second, so a "Retry-After: 0" cannot spin).
  const wait = r.retryAfterMs !== null ? Math.min(MAX_RETRY_AFTER_MS, Math.max(1000, r.retryAfterMs)) : backoffMs(attempt, random);
  return { status: "pending", nextAttemptAt: new Date(now.getTime() + wait), gaveUp: null };
}

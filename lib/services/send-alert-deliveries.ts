import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { alertChannels, alertDeliveries } from "@/db/schema";
import { rowsOf, type Db } from "@/db/client";
import { postAlert, type AlertDeps, type PostResult } from "@/lib/alerts/post-alert";
import { MAX_ATTEMPTS, nextStep } from "@/lib/core/alert-backoff";
import { metrics } from "@/lib/server/metrics";

/** How far a claim pushes next_attempt_at: longer than any attempt (10 s timeout), short enough to recover. */
export const CLAIM_LEASE_MS = 60_000;
const PER_TICK = 10;

export interface ClaimedDelivery {
  id: number;
  channelId: number;
  body: string;
  attempts: number;
  test: boolean;
}

/**
 * Claims due deliveries: pushing next_attempt_at one lease ahead is the claim, taken under SKIP LOCKED so
 * app instances never send the same one at once; a sender that dies mid-call leaves it due again after the lease.
 * (A disabled channel sends nothing more, except that a test message begun before a crash is still finished.)
 */
export async function claimDeliveries(db: Db, now: Date, limit = PER_TICK): Promise<ClaimedDelivery[]> {
  const lease = new Date(now.getTime() + CLAIM_LEASE_MS).toISOString();
  const result = await db.execute(sql`
    update alert_deliveries set next_attempt_at = ${lease}::timestamptz, attempts = attempts + 1, last_attempt_at = ${now.toISOString()}::timestamptz
    where id in (
      select d.id from alert_deliveries d join alert_channels c on c.id = d.channel_id
      where d.status = 'pending' and d.next_attempt_at <= ${now.toISOString()}::timestamptz and (c.enabled or d.test)
      order by d.next_attempt_at, d.id
      limit ${limit}
      for update of d skip locked
    )
    returning id, channel_id, body, attempts, test`);
  return rowsOf<{ id: number | string; channel_id: number; body: string; attempts: number; test: boolean }>(result).map((r) => ({
    id: Number(r.id),
    channelId: r.channel_id,
    body: r.body,
    attempts: r.attempts,
    test: r.test,
  }));
}

/** Sends what is due now; resolves when every claimed delivery has its outcome recorded. */
export async function sendDueDeliveries(db: Db, now: Date, deps: AlertDeps = {}): Promise<number> {
  const claimed = await claimDeliveries(db, now);
  await Promise.all(claimed.map((d) => sendClaimed(db, d, now, deps)));
  return claimed.length;
}

export async function sendClaimed(db: Db, d: ClaimedDelivery, now: Date, deps: AlertDeps): Promise<PostResult & { status: number | null }> {
  const [channel] = await db.select().from(alertChannels).where(eq(alertChannels.id, d.channelId));
  const result: PostResult = channel
    ? await postAlert(channel, d.body, { id: d.id, test: d.test }, deps)
    : { status: null, retryAfterMs: null, misconfigured: true, error: "the channel was deleted" };
  await recordAttempt(db, d, result, now, deps);
  return result;
}

/** Writes one attempt's outcome, conditional on still holding the claim (same attempt number, still pending). */
export async function recordAttempt(db: Db, d: ClaimedDelivery, r: PostResult, now: Date, deps: AlertDeps = {}) {
  const step = nextStep(r, d.attempts, d.test ? 1 : MAX_ATTEMPTS, now, deps.random);
  const error = r.error && step.gaveUp ? `${r.error} (${step.gaveUp})` : r.error;
  metrics().alertDeliveries.inc({ outcome: step.status === "pending" ? "retrying" : step.status });
  await db
    .update(alertDeliveries)
    .set({
      status: step.status,
      nextAttemptAt: step.nextAttemptAt ?? now,
      lastStatus: r.status,
      lastError: error,
      deliveredAt: step.status === "delivered" ? now : null,
    })
    .where(and(eq(alertDeliveries.id, d.id), eq(alertDeliveries.status, "pending"), eq(alertDeliveries.attempts, d.attempts)));
  return step;
}

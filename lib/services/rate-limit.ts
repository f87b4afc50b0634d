import "server-only";
// Fixed-window counters in the rate_limits table, shared by every app instance. Each step is one statement, so
// concurrent attempts each get their own count (no read-then-write gap for a burst of guesses to slip through).
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { rateLimits } from "@/db/schema";

export interface RateRule {
  max: number;
  windowSeconds: number;
}

export interface RateHit {
  hits: number;
  allowed: boolean;
  /** Seconds until the key may try again (0 when allowed). */
  retryAfter: number;
}

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * Counts one attempt against `key`: allowed while the window holds at most `max` attempts. The attempt that goes
 * past `max` sets blocked_until to the window's end, and everything until then is refused. A window that has
 * ended starts over at 1.
 */
export async function hitRateLimit(db: DbOrTx, key: string, rule: RateRule, now = new Date()): Promise<RateHit> {
  const windowEnd = new Date(now.getTime() + rule.windowSeconds * 1000);
  const expired = sql`rate_limits.window_start <= ${ts(new Date(now.getTime() - rule.windowSeconds * 1000))}`;
  const [row] = await db
    .insert(rateLimits)
    .values({ key, hits: 1, windowStart: now, blockedUntil: 1 > rule.max ? windowEnd : null })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        hits: sql`case when ${expired} then 1 else rate_limits.hits + 1 end`,
        windowStart: sql`case when ${expired} then ${ts(now)} else rate_limits.window_start end`,
        blockedUntil: sql`case
          when ${expired} then null
          when rate_limits.hits + 1 > ${rule.max}::int then coalesce(rate_limits.blocked_until, rate_limits.window_start + ${rule.windowSeconds}::int * interval '1 second')
          else rate_limits.blocked_until end`,
      },
    })
    .returning({ hits: rateLimits.hits, blockedUntil: rateLimits.blockedUntil });
  const allowed = row.hits <= rule.max && !(row.blockedUntil && row.blockedUntil > now);
  const retryAfter = allowed ? 0 : Math.max(1, Math.ceil(((row.blockedUntil ?? windowEnd).getTime() - now.getTime()) / 1000));
  return { hits: row.hits, allowed, retryAfter };
}

/** Takes back one attempt that turned out fine (a successful sign-in must not use up its address's budget). */
export async function refundRateLimit(db: DbOrTx, key: string): Promise<void> {
  // A block that started meanwhile stays: blocked_until is not touched.
  await db.update(rateLimits).set({ hits: sql`greatest(rate_limits.hits - 1, 0)` }).where(eq(rateLimits.key, key));
}

/** Forgets a key's attempts (a successful sign-in clears its account's failures). */
export async function resetRateLimit(db: DbOrTx, key: string): Promise<void> {
  await db.delete(rateLimits).where(eq(rateLimits.key, key));
}

/** Drops counters whose window and block ended long ago: random emails and addresses must not pile up forever. */
export async function pruneRateLimits(db: DbOrTx, olderThanSeconds: number, now = new Date()): Promise<void> {
  const cut = new Date(now.getTime() - olderThanSeconds * 1000);
  await db.delete(rateLimits).where(and(lt(rateLimits.windowStart, cut), or(isNull(rateLimits.blockedUntil), lt(rateLimits.blockedUntil, cut))));
}

import "server-only";
// Every way of signing in (better-auth's HTTP endpoint, the sign-in form's server action) goes through here:
// the attempt is counted against the client address and the account BEFORE the password is checked, so a burst
// of parallel guesses cannot all pass a stale count, and a blocked account refuses even the right password.
import { getDb } from "@/db/client";
import { hitRateLimit, pruneRateLimits, refundRateLimit, resetRateLimit } from "@/lib/services/rate-limit";
import { AppError } from "./errors";
import { accountKey, addressKey, refusalMessage, signInLimitsFrom, type SignInLimits } from "./sign-in-limits";
import { log } from "./log";

/** The header better-auth reads the client address from (advanced.ipAddress); we always set it ourselves. */
export const AUTH_IP_HEADER = "x-fleetprint-client-ip";

const g = globalThis as unknown as { __fleetprintSignInLimits?: SignInLimits; __fleetprintRateLimitPruned?: number };

/** From the environment, once (bootstrap calls it at start, so a bad value stops the server with its name). */
export function signInLimits(): SignInLimits {
  return (g.__fleetprintSignInLimits ??= signInLimitsFrom(process.env));
}

/** The request's headers as better-auth should see them: the client address is ours, never the client's claim. */
export function authHeaders(from: Headers, ip: string | null): Headers {
  const h = new Headers(from);
  if (ip) h.set(AUTH_IP_HEADER, ip);
  else h.delete(AUTH_IP_HEADER);
  return h;
}

/**
 * Runs one sign-in attempt under the limits: throws a 429 AppError (with retryAfter) when the address or the
 * account has used up its failures; otherwise runs `attempt`. Success clears the account's failures and takes
 * the address's count back; a failure (or a throw) stays counted.
 */
export async function limitSignIn<T>(email: string, ip: string | null, attempt: () => Promise<T>, succeeded: (result: T) => boolean): Promise<T> {
  const db = await getDb();
  const limits = signInLimits();
  const keys = { address: addressKey(ip), account: email.trim() ? accountKey(email) : null };
  prune(db, limits);
  const byAddress = await hitRateLimit(db, keys.address, limits.address);
  if (!byAddress.allowed) throw tooMany("address", byAddress.retryAfter);
  if (keys.account) {
    const byAccount = await hitRateLimit(db, keys.account, limits.account);
    if (!byAccount.allowed) throw tooMany("account", byAccount.retryAfter);
  }
  const result = await attempt();
  if (succeeded(result)) {
    if (keys.account) await resetRateLimit(db, keys.account);
    await refundRateLimit(db, keys.address);
  }
  return result;
}

function tooMany(scope: keyof SignInLimits, retryAfter: number): AppError {
  return new AppError("too_many_requests", refusalMessage(scope, retryAfter), retryAfter);
}

// Counters of random emails and addresses would otherwise pile up: every ten minutes, drop the day-old ones.
function prune(db: Awaited<ReturnType<typeof getDb>>, limits: SignInLimits) {
  const now = Date.now();
  if (now - (g.__fleetprintRateLimitPruned ?? 0) < 600_000) return;
  g.__fleetprintRateLimitPruned = now;
  pruneRateLimits(db, Math.max(86_400, 2 * limits.account.windowSeconds)).catch((e) => log.error({ err: e }, "pruning rate_limits failed"));
}

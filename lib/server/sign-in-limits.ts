import "server-only";
// How many failed sign-ins an account and a client address may have in a window, and what the counters are
// called. Pure: lib/server/sign-in-guard.ts counts them in the database (lib/services/rate-limit.ts).
import { isIP } from "node:net";

export interface LimitRule {
  max: number;
  windowSeconds: number;
}

export interface SignInLimits {
  account: LimitRule;
  address: LimitRule;
}

/**
 * 5 failures per account: a person who mistypes gets four more tries, a guesser gets 480 a day per account
 * whatever the number of addresses. 20 per address: an office behind one NAT can mistype for many people, one
 * machine still cannot spray passwords across accounts.
 */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { account: { max: 5, windowSeconds: 900 }, address: { max: 20, windowSeconds: 900 } };

export function signInLimitsFrom(env: Record<string, string | undefined>): SignInLimits {
  const n = (name: string, dflt: number, min: number) => {
    const raw = env[name]?.trim();
    if (!raw) return dflt;
    const v = Number(raw);
    if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be a whole number ≥ ${min} (got "${raw}").`);
    return v;
  };
  const windowSeconds = n("FLEETPRINT_SIGNIN_WINDOW_SECONDS", DEFAULT_SIGN_IN_LIMITS.account.windowSeconds, 1);
  return {
    account: { max: n("FLEETPRINT_SIGNIN_MAX_PER_ACCOUNT", DEFAULT_SIGN_IN_LIMITS.account.max, 1), windowSeconds },
    address: { max: n("FLEETPRINT_SIGNIN_MAX_PER_ADDRESS", DEFAULT_SIGN_IN_LIMITS.address.max, 1), windowSeconds },
  };
}

/**
 * The counter of a client address. IPv6 counts per /64: one machine commonly holds a whole /64, so a counter
 * per address would let it rotate through 2^64 of them. An unknown address shares one counter.
 */
export function addressKey(address: string | null): string {
  if (!address || !isIP(address)) return "sign-in:address:unknown";
  if (isIP(address) === 4) return `sign-in:address:${address}`;
  const [head, tail = ""] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `sign-in:address:${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

/** The counter of an account: by the email as typed, trimmed and lower-cased (so case games get no fresh budget). */
export function accountKey(email: string): string {
  return `sign-in:account:${email.trim().toLowerCase().slice(0, 320)}`;
}

export function minutes(seconds: number): string {
  const m = Math.max(1, Math.ceil(seconds / 60));
  return `${m} minute${m === 1 ? "" : "s"}`;
}

/** What a refused sign-in is told: which limit, and when to come back. */
export function refusalMessage(scope: keyof SignInLimits, retryAfterSeconds: number): string {
  const who = scope === "account" ? "for this account" : "from your address";
  return `Too many failed sign-ins ${who}. Try again in ${minutes(retryAfterSeconds)}, or ask an admin to check the account.`;
}

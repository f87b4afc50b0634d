import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import type { ProviderConfig } from "./config";

export const SIGNATURE_HEADER = "X-Fleetprint-Signature";
export const TIMESTAMP_HEADER = "X-Fleetprint-Timestamp";

// The timestamp is part of what is signed ("<timestamp>.<body>"), so a captured request cannot be
// replayed later under a fresh timestamp; the tolerance window then bounds replays.
function mac(body: string | Uint8Array, secret: string, timestamp: string): Buffer {
  return createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest();
}

/** "sha256=<hex>" for X-Fleetprint-Signature. */
export function signBody(body: string | Uint8Array, secret: string, timestamp: string | number): string {
  return `sha256=${mac(body, secret, String(timestamp)).toString("hex")}`;
}

/**
 * For the callback route (and any receiver written in TypeScript): true only when the signature matches
 * the exact bytes received and the timestamp (unix seconds) is within `toleranceSeconds` of now.
 */
export function verifySignature(
  body: string | Uint8Array,
  header: string | null | undefined,
  secret: string,
  timestamp: string | null | undefined,
  toleranceSeconds = 300,
  now = Date.now(),
): boolean {
  if (!secret || !header || !timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const m = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!m) return false;
  return timingSafeEqual(Buffer.from(m[1], "hex"), mac(body, secret, timestamp));
}

/** A request a fleet's CI pipeline signed with the fleet's webhook secret (the callback, its dispatched work). */
export function signedByFleetWebhook(
  provider: ProviderConfig | null,
  raw: string,
  sig: { signature: string | null; timestamp: string | null },
  env: Record<string, string | undefined>,
): boolean {
  const secret = provider?.kind === "webhook" && provider.secretEnv ? env[provider.secretEnv] : undefined;
  return secret !== undefined && verifySignature(raw, sig.signature, secret, sig.timestamp);
}

import "server-only";
// Whether pages show the "demo data" banner: while a demo account can sign in. Every page asks, so the answer is
// kept for half a minute per process (disabling the demo accounts shows within that).
import { getDb } from "@/db/client";
import { hasDemoAccounts } from "@/lib/services/has-demo-accounts";
import { log } from "./log";

const TTL_MS = 30_000;
const g = globalThis as unknown as { __fleetprintDemoBanner?: { at: number; value: Promise<boolean> } };

export function showDemoBanner(now = Date.now()): Promise<boolean> {
  const cached = g.__fleetprintDemoBanner;
  if (cached && now - cached.at < TTL_MS) return cached.value;
  const value = getDb()
    .then(hasDemoAccounts)
    .catch((e) => {
      log.error({ err: e }, "demo banner: could not look for demo accounts");
      g.__fleetprintDemoBanner = undefined;
      return false;
    });
  g.__fleetprintDemoBanner = { at: now, value };
  return value;
}

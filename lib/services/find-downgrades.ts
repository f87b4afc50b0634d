import "server-only";
import type { Db } from "@/db/client";
import { downgradesOf, type Downgrade } from "@/lib/core/downgrades";
import { analyzeFleet } from "./fleet-analysis";

/** What rebuilding these hosts of one fleet from its current spec would move backwards (hosts ahead of the spec). */
export async function findDowngrades(db: Db, fleetId: number, targets: readonly { hostname: string; fingerprint: string | null }[]): Promise<Downgrade[]> {
  const hashes = [...new Set(targets.flatMap((t) => (t.fingerprint ? [t.fingerprint] : [])))];
  if (hashes.length === 0) return [];
  const details = await (await analyzeFleet(db, fleetId)).details(hashes);
  return targets.flatMap((t) => (t.fingerprint ? downgradesOf(t.hostname, details.get(t.fingerprint)?.drift ?? []) : []));
}

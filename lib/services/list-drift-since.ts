import type { Db } from "@/db/client";
import type { DriftItem } from "@/lib/core/types";
import { analyzeFleet } from "./fleet-analysis";
import { DriftKeyCache, firstSeenForPage } from "./drift-history";

/**
 * "Drift since" for one host's current items: since when has the host carried each of them without a break,
 * judged against the current spec (lib/core/drift-since.ts). Same order as `items`; null when unknown. The
 * fleet's current fingerprints are already analysed, so only older contents of this host are loaded.
 */
export async function listDriftSince(
  db: Db,
  host: { id: number; fleetId: number; fingerprint: string | null; lastChanged: Date | null },
  items: readonly DriftItem[],
): Promise<(string | null)[]> {
  const none = items.map(() => null);
  if (!host.fingerprint || items.length === 0) return none;
  const analysis = await analyzeFleet(db, host.fleetId);
  if (!analysis.spec) return none;
  const cache = new DriftKeyCache(analysis.spec, 64);
  const page = [{ id: host.id, fingerprint: host.fingerprint, lastChanged: host.lastChanged, items: [...items] }];
  const current = await analysis.details([host.fingerprint]);
  const seen = await firstSeenForPage(db, page, cache, (hash) => current.get(hash)?.drift ?? undefined);
  return (seen.get(host.id) ?? none).map((d) => d?.toISOString() ?? null);
}

import "server-only";
import { eq } from "drizzle-orm";
import { fleets } from "@/db/schema";
import type { Db } from "@/db/client";
import type { DriftItem } from "@/lib/core/types";
import { loadSpec } from "./analyze-fleet";
import { DriftKeyCache, firstSeenForPage } from "./drift-history";
import { SpecHistory } from "./spec-history";

/** The two dates of a drift item (ISO; null when unknown). */
export interface DriftDates {
  /** Since when the host has carried the item without a break (lib/core/drift-since.ts). */
  firstSeen: string | null;
  /** Since when it has differed from the current spec: the later of firstSeen and the spec's run (lib/core/spec-since.ts). */
  differsSince: string | null;
  /** The spec version in force at differsSince. */
  differsSinceVersion: number | null;
}

/**
 * "Drift since" for one host's current items, judged against the current spec: since when the host has carried
 * each of them, and since when that has differed from what the spec expects now. Same order as `items`. The
 * items are the drift of the host's current fingerprint, so only its older contents are loaded (no fleet
 * analysis: the caller already did that to get the items).
 */
export async function listDriftSince(
  db: Db,
  host: { id: number; fleetId: number; fingerprint: string | null; lastChanged: Date | null; configsCollected?: boolean },
  items: readonly DriftItem[],
): Promise<DriftDates[]> {
  const none = items.map(() => ({ firstSeen: null, differsSince: null, differsSinceVersion: null }));
  if (!host.fingerprint || items.length === 0) return none;
  const [fleet] = await db.select({ specVersion: fleets.specVersion }).from(fleets).where(eq(fleets.id, host.fleetId));
  const specVersion = fleet?.specVersion ?? null;
  const spec = await loadSpec(db, host.fleetId, specVersion);
  if (!spec) return none;
  const cache = new DriftKeyCache(spec, 64);
  const current = [...items];
  const page = [{ id: host.id, fingerprint: host.fingerprint, lastChanged: host.lastChanged, items: current, configsCollected: host.configsCollected }];
  const seen = (await firstSeenForPage(db, page, cache, (hash) => (hash === host.fingerprint ? current : undefined))).get(host.id) ?? items.map(() => null);
  const differs = await new SpecHistory(db, host.fleetId, specVersion).differsSince(items, seen);
  return items.map((_, i) => ({
    firstSeen: seen[i]?.toISOString() ?? null,
    differsSince: differs[i]?.at.toISOString() ?? null,
    differsSinceVersion: differs[i]?.version ?? null,
  }));
}

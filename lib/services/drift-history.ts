// First-seen times for a page of hosts: their fingerprint histories, and each historic fingerprint's drift
// against the fleet's CURRENT spec, computed once per distinct fingerprint and cached (bounded) for the whole
// export, so the cost follows distinct fingerprints, not hosts × history.
import { and, asc, inArray, isNotNull } from "drizzle-orm";
import { hostHistory } from "@/db/schema";
import type { Db } from "@/db/client";
import { loadFingerprints } from "./fingerprint-store";
import { computeDrift } from "@/lib/core/drift";
import { driftItemKey, fingerprintTimeline, firstSeen } from "@/lib/core/drift-since";
import type { DriftItem, Spec } from "@/lib/core/types";

/** Fingerprint contents loaded per query: a Debian fingerprint is ~100 KiB of JSON. */
const CONTENT_BATCH = 50;

/** Drift keys per fingerprint for one spec; least recently used entries go first past `limit`. */
export class DriftKeyCache {
  private keys = new Map<string, ReadonlySet<string>>();
  constructor(
    readonly spec: Spec,
    private readonly limit = 4096,
  ) {}

  get(hash: string): ReadonlySet<string> | undefined {
    const k = this.keys.get(hash);
    if (k) {
      this.keys.delete(hash);
      this.keys.set(hash, k);
    }
    return k;
  }

  set(hash: string, items: readonly DriftItem[]): ReadonlySet<string> {
    const k = new Set(items.map(driftItemKey));
    this.keys.set(hash, k);
    if (this.keys.size > this.limit) this.keys.delete(this.keys.keys().next().value!);
    return k;
  }
}

export interface PageHost {
  id: number;
  fingerprint: string;
  lastChanged: Date | null;
  items: DriftItem[];
}

/**
 * First-seen time of every item of every host in the page (host id → one date per item, in item order).
 * `known` gives the drift of fingerprints already analysed (the fleet's current ones) without a load.
 */
export async function firstSeenForPage(
  db: Db,
  page: readonly PageHost[],
  cache: DriftKeyCache,
  known: (hash: string) => DriftItem[] | null | undefined,
): Promise<Map<number, (Date | null)[]>> {
  const out = new Map<number, (Date | null)[]>();
  const withItems = page.filter((h) => h.items.length > 0);
  if (withItems.length === 0) return out;
  const rows = await db
    .select({ hostId: hostHistory.hostId, at: hostHistory.at, hash: hostHistory.fingerprintHash })
    .from(hostHistory)
    .where(and(inArray(hostHistory.hostId, withItems.map((h) => h.id)), isNotNull(hostHistory.fingerprintHash)))
    .orderBy(asc(hostHistory.hostId), asc(hostHistory.at), asc(hostHistory.id));
  const byHost = new Map<number, { at: Date; hash: string | null }[]>();
  for (const r of rows) {
    let list = byHost.get(r.hostId);
    if (!list) byHost.set(r.hostId, (list = []));
    list.push({ at: r.at, hash: r.hash });
  }

  const timelines = new Map(withItems.map((h) => [h.id, fingerprintTimeline(byHost.get(h.id) ?? [], { hash: h.fingerprint, since: h.lastChanged })]));
  // The page's own lookup table: the shared cache may evict while a large page is being filled.
  const local = new Map<string, ReadonlySet<string>>();
  const missing = new Set<string>();
  for (const h of withItems) {
    const t = timelines.get(h.id)!;
    for (let i = 0; i < t.length - 1; i++) {
      const hash = t[i].hash;
      if (local.has(hash) || missing.has(hash)) continue;
      const cached = cache.get(hash);
      const drift = cached ? null : known(hash);
      if (cached) local.set(hash, cached);
      else if (drift) local.set(hash, cache.set(hash, drift));
      else missing.add(hash);
    }
  }
  await loadDrift(db, [...missing], cache, local);
  for (const h of withItems) out.set(h.id, firstSeen(timelines.get(h.id)!, h.items, (hash) => local.get(hash)));
  return out;
}

async function loadDrift(db: Db, hashes: string[], cache: DriftKeyCache, local: Map<string, ReadonlySet<string>>) {
  for (const [hash, items] of await driftOfFingerprints(db, hashes, cache.spec)) local.set(hash, cache.set(hash, items));
}

/** Drift of stored fingerprints against a spec, loading their contents a batch at a time. */
export async function driftOfFingerprints(db: Db, hashes: readonly string[], spec: Spec): Promise<Map<string, DriftItem[]>> {
  const out = new Map<string, DriftItem[]>();
  for (let i = 0; i < hashes.length; i += CONTENT_BATCH) {
    for (const [hash, fp] of await loadFingerprints(db, hashes.slice(i, i + CONTENT_BATCH))) out.set(hash, computeDrift(fp, spec));
  }
  return out;
}

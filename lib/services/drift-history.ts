import "server-only";
// First-seen times for a page of hosts: their fingerprint histories, and each historic fingerprint's drift
// against the fleet's CURRENT spec, computed once per distinct fingerprint and cached (bounded) for the whole
// export, so the cost follows distinct fingerprints, not hosts × history.
import { and, asc, inArray, isNotNull } from "drizzle-orm";
import { hostHistory } from "@/db/schema";
import type { Db } from "@/db/client";
import { loadFingerprints } from "./fingerprint-store";
import { computeDrift, configsCollectedFor } from "@/lib/core/drift";
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
  /** hosts.configs_collected (absent: true): its older contents without configs are judged "not collected" too. */
  configsCollected?: boolean;
}

/** A not-collected host's fingerprints are cached apart: the same content of an agent host has missing configs. */
const NOT_COLLECTED = "\u0000not-collected";
const keyOf = (h: PageHost, hash: string) => (h.configsCollected === false ? hash + NOT_COLLECTED : hash);

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
      const key = keyOf(h, t[i].hash);
      if (local.has(key) || missing.has(key)) continue;
      const cached = cache.get(key);
      // `known` is the fleet analysis's drift, already judged with its host's configs_collected.
      const drift = cached ? null : known(t[i].hash);
      if (cached) local.set(key, cached);
      else if (drift) local.set(key, cache.set(key, drift));
      else missing.add(key);
    }
  }
  await loadDrift(db, [...missing], cache, local);
  for (const h of withItems) out.set(h.id, firstSeen(timelines.get(h.id)!, h.items, (hash) => local.get(keyOf(h, hash))));
  return out;
}

/** Drift of stored fingerprints against the cache's spec, loading their contents a batch at a time. */
async function loadDrift(db: Db, keys: string[], cache: DriftKeyCache, local: Map<string, ReadonlySet<string>>) {
  const split = keys.map((key) => {
    const nc = key.endsWith(NOT_COLLECTED);
    return { key, nc, hash: nc ? key.slice(0, -NOT_COLLECTED.length) : key };
  });
  const hashes = [...new Set(split.map((k) => k.hash))];
  for (let i = 0; i < hashes.length; i += CONTENT_BATCH) {
    const fps = await loadFingerprints(db, hashes.slice(i, i + CONTENT_BATCH));
    for (const k of split) {
      const fp = fps.get(k.hash);
      if (fp) local.set(k.key, cache.set(k.key, computeDrift(fp, cache.spec, undefined, { configsCollected: configsCollectedFor(fp, k.nc) })));
    }
  }
}

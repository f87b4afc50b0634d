// "First seen" of a drift item: since when has this host carried it without a break?
//
// The answer is measured against the CURRENT spec, so an item that a spec change just turned into drift is
// dated back to when the host got that way, not to when the spec moved: the export answers "how long has this
// host been like this", which is what decides between patching and rebuilding. Formally: the earliest time t
// such that every fingerprint the host had from t on carries the item. A host that loses an item and gets it
// back later dates it from the return.
import type { DriftItem } from "./types";

/** A host's fingerprint from `at` until the next point. */
export interface FingerprintPoint {
  at: Date;
  hash: string;
}

/**
 * Identity of an item across fingerprints: kind, subject and both values. A package that moved from one wrong
 * version to another is a new item ("found 2.4.59" is not what the host had at 2.4.58); `expected` comes from
 * the same current spec on both sides, so it never splits an item by itself.
 */
export function driftItemKey(item: Pick<DriftItem, "kind" | "subject" | "expected" | "actual">): string {
  return `${item.kind}\u0000${item.subject}\u0000${item.expected ?? "\u0001"}\u0000${item.actual ?? "\u0001"}`;
}

/**
 * The host's fingerprint timeline from its history rows (oldest first): rows without a fingerprint (enrolled,
 * a rebuild recorded before its report) say nothing about content and are skipped; repeats of the same
 * fingerprint (a verified rebuild records the hash it already had) keep the earliest time. The current
 * fingerprint closes the timeline even when its history row is missing (a concurrent report), dated
 * `current.since` (the host's last change); without that date the timeline is empty (first seen unknown).
 */
export function fingerprintTimeline(
  rows: readonly { at: Date; hash: string | null }[],
  current: { hash: string; since: Date | null },
): FingerprintPoint[] {
  const out: FingerprintPoint[] = [];
  for (const r of rows) {
    if (r.hash === null) continue;
    if (out.length > 0 && out[out.length - 1].hash === r.hash) continue;
    out.push({ at: r.at, hash: r.hash });
  }
  if (out.length === 0 || out[out.length - 1].hash !== current.hash) {
    if (current.since === null) return []; // no date for the current content: "unknown" beats a made-up time
    out.push({ at: current.since, hash: current.hash });
  }
  return out;
}

/**
 * First-seen time of each current item (same order as `items`; null when the timeline is empty). `keysOf`
 * gives the item keys a fingerprint has against the current spec (callers cache it per fingerprint, so a
 * fleet's cost grows with its distinct fingerprints, not with hosts); undefined means the content is gone,
 * which ends the walk like a fingerprint without the item.
 */
export function firstSeen(
  timeline: readonly FingerprintPoint[],
  items: readonly DriftItem[],
  keysOf: (hash: string) => ReadonlySet<string> | undefined,
): (Date | null)[] {
  const out: (Date | null)[] = items.map(() => null);
  if (timeline.length === 0) return out;
  let open = items.map((item, i) => ({ i, key: driftItemKey(item) }));
  for (let p = timeline.length - 1; p >= 0 && open.length > 0; p--) {
    const point = timeline[p];
    // The last point is the current fingerprint: its items are the ones asked about, no lookup needed.
    const keys = p === timeline.length - 1 ? null : keysOf(point.hash);
    const still: typeof open = [];
    for (const o of open) {
      if (keys !== null && !keys?.has(o.key)) continue;
      out[o.i] = point.at;
      still.push(o);
    }
    open = still;
  }
  return out;
}

/** Items first seen at or after `since`; an item with no known first-seen time cannot show that and is left out. */
export function itemsSince<T extends { firstSeen: string | null }>(items: readonly T[], since: Date | null): T[] {
  if (since === null) return [...items];
  const t = since.getTime();
  return items.filter((i) => i.firstSeen !== null && Date.parse(i.firstSeen) >= t);
}

// Drift of a fingerprint read as another one (the reference: the fleet's most common fingerprint) with a few config
// entries in or out, from the reference's drift: the same packages on the same OS give the same package items, and
// every config item depends only on its own path's entry. A captured spec pins ~800 packages and ~1,000 files, so
// comparing a whole fingerprint with it costs ~0.5 ms; the paths a member changes cost microseconds.
import { compareDriftItems, computeDrift, configDrift } from "./drift";
import { compileGlobs } from "./glob";
import type { ConfigEntry, DriftItem, Fingerprint, Spec } from "./types";
import { isPackageKind, waivedBy } from "./waivers";

/** The reference's drift against one spec at one time, and what a member's changed paths are judged with. */
export interface DriftBase {
  spec: Spec;
  items: DriftItem[];
  /** The reference's entry at each path (it holds each path once). */
  present: Map<string, ConfigEntry>;
  isIgnored: (path: string) => boolean;
  waived: (item: DriftItem) => boolean;
}

/**
 * The reference `fp` as a base, or null when it holds a path twice (computeDrift judges a listed path by the last
 * entry of it, so removing one would not say what is left). Its configs count as collected: members that use it
 * have entries of their own.
 */
export function driftBase(fp: Fingerprint, spec: Spec, now: Date): DriftBase | null {
  const present = new Map(fp.configs.map((c) => [c.path, c]));
  if (present.size !== fp.configs.length) return null;
  return { spec, items: computeDrift(fp, spec, now, { configsCollected: true }), present, isIgnored: compileGlobs(spec.ignore), waived: waivedBy(spec.waivers, now) };
}

/**
 * computeDrift of the fingerprint `base`'s reference + `added` − `removed` (same package items, same OS id, version
 * and architecture, configs collected), or null when that is not a fingerprint the base can stand for: a removed
 * entry that is not the one the reference holds at its path, a path removed or added twice, or added while the
 * reference still holds it.
 */
export function driftOfDiff(base: DriftBase, added: readonly ConfigEntry[], removed: readonly ConfigEntry[]): DriftItem[] | null {
  const touched = new Map<string, ConfigEntry | undefined>();
  for (const e of removed) {
    if (base.present.get(e.path) !== e || touched.has(e.path)) return null;
    touched.set(e.path, undefined);
  }
  for (const e of added) {
    if (touched.get(e.path) !== undefined || (!touched.has(e.path) && base.present.has(e.path))) return null;
    touched.set(e.path, e);
  }
  if (touched.size === 0) return base.items;
  // Package items (the OS one among them) are the reference's: only config items of the changed paths go.
  const items = base.items.filter((it) => isPackageKind(it.kind) || !touched.has(it.subject));
  for (const [path, entry] of touched) {
    const item = base.isIgnored(path) ? null : configDrift(path, entry, base.spec);
    if (item && !base.waived(item)) items.push(item);
  }
  return items.sort(compareDriftItems);
}

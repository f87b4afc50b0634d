// A fingerprint read as another one (the reference: the fleet's most common fingerprint) with a few config
// entries in or out. Most distinct fingerprints of a fleet are exactly that (one host's static network config,
// its own vhost), and counting or scoring them from the difference costs the difference, not their 2,000 items:
// the reference's reasons are worked out once per scoring context, a member's from the paths it changes.
import { isComparedPath, type PreparedMember } from "./snowflake-consensus";
import { configReason, isMajorityPath, missingConfigReason, packageReasons, resultOf, sortReasons, type ScoringContext } from "./snowflake";
import type { ConfigEntry, SnowflakeReason, SnowflakeResult } from "./types";

export interface DiffMember {
  hash: string;
  /** The reference, prepared; the member has exactly its packages (same package items, same architecture). */
  base: PreparedMember;
  /** Entries the member has and the reference has not (compared paths only). */
  added: ConfigEntry[];
  /** Entries of the reference the member has not (compared paths only; the reference's own objects). */
  removed: ConfigEntry[];
  /** Config entries the member has in all (ignored paths too): zero means its source may not report files. */
  configCount: number;
}

/**
 * The member `base` + `added` − `removed` when that is exactly what preparing its whole fingerprint would give,
 * else null (the caller prepares it whole): every removed entry must be the one the reference holds at its path,
 * and an added path must not be held already unless the same path is removed (a changed file).
 */
export function diffMember(hash: string, base: PreparedMember, added: readonly ConfigEntry[], removed: readonly ConfigEntry[], configCount: number): DiffMember | null {
  const out: DiffMember = { hash, base, added: [], removed: [], configCount };
  const gone = new Set<string>();
  for (const e of removed) {
    if (!isComparedPath(e.path)) continue;
    if (base.configs.get(e.path) !== e || gone.has(e.path)) return null;
    gone.add(e.path);
    out.removed.push(e);
  }
  const come = new Set<string>();
  for (const e of added) {
    if (!isComparedPath(e.path)) continue;
    if (come.has(e.path) || (base.configs.has(e.path) && !gone.has(e.path))) return null;
    come.add(e.path);
    out.added.push(e);
  }
  return out;
}

/** The reference's reasons as scoreMember finds them, by part: worked out once per scoring context. */
interface BaseReasons {
  packages: SnowflakeReason[];
  deviating: ReadonlySet<string>;
  /** Path → the reason it gives (an entry's or a missing majority path's). */
  configs: Map<string, SnowflakeReason>;
}
const baseReasonsOf = new WeakMap<ScoringContext, WeakMap<PreparedMember, BaseReasons>>();

function baseReasons(base: PreparedMember, ctx: ScoringContext): BaseReasons {
  let perBase = baseReasonsOf.get(ctx);
  if (!perBase) baseReasonsOf.set(ctx, (perBase = new WeakMap()));
  let r = perBase.get(base);
  if (!r) {
    const c = ctx.consensus;
    const { reasons, deviating } = packageReasons(base, c, ctx.majorityPackages);
    const configs = new Map<string, SnowflakeReason>();
    for (const [path, entry] of base.configs) {
      const reason = configReason(path, entry, c, deviating);
      if (reason) configs.set(path, reason);
    }
    for (const path of ctx.majorityConfigs) {
      if (base.configs.has(path)) continue;
      const reason = missingConfigReason(path, c, deviating);
      if (reason) configs.set(path, reason);
    }
    perBase.set(base, (r = { packages: reasons, deviating, configs }));
  }
  return r;
}

/** scoreMember of the member `m` stands for, from the reference's reasons and the paths `m` changes. */
export function scoreDiff(m: DiffMember, ctx: ScoringContext, opts: { configsCollected?: boolean } = {}): SnowflakeResult {
  const base = baseReasons(m.base, ctx);
  const reasons = [...base.packages];
  if (opts.configsCollected !== false) {
    const changed = new Map<string, ConfigEntry | null>();
    for (const e of m.removed) changed.set(e.path, null);
    for (const e of m.added) changed.set(e.path, e);
    for (const [path, reason] of base.configs) if (!changed.has(path)) reasons.push(reason);
    const c = ctx.consensus;
    for (const [path, entry] of changed) {
      const reason = entry ? configReason(path, entry, c, base.deviating) : isMajorityPath(c, path) ? missingConfigReason(path, c, base.deviating) : null;
      if (reason) reasons.push(reason);
    }
  }
  return resultOf(sortReasons(reasons), ctx);
}

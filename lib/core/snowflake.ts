// Snowflake score: how unlike its cohort a fingerprint is, without any spec.
//
// A value is a deviation when it is a minority value: fewer than half of the relevant hosts share
// it (all hosts for presence, hosts having the package/file for its version/hash). Its weight is
//   kindWeight × rarity,  rarity = (D/2 − s) / (D/2 − 1)  clamped to [0, 1]
// with s the hosts sharing this fingerprint's value and D the hosts it is compared among. Rarity is
// 1 when the value is unique to this host and falls linearly to 0 at the majority line, so there
// is no jump where a 49% group suddenly weighs as much as a lone host, each deviation is worth at
// most its kind weight (a score reads as "about N unique deviations"), and a unique value weighs
// the same in a fleet of 3 as in one of 3,000. (1 − s/D) would still give a 49% group half weight;
// −log2(s/D) would make identical evidence count more in bigger fleets, so no fixed threshold fits.
import { type CohortMember, type Consensus, consensusOfPrepared, type PreparedMember, prepareCohort } from "./snowflake-consensus";
import { compareStrings, configValue, shortValue } from "./package-key";
import { isSecurityPath, SECURITY_MULTIPLIER } from "./security-paths";
import type { ConfigEntry, SnowflakeReason, SnowflakeResult } from "./types";

export { computeConsensus, isComparedPath, prepareCohort, prepareMember, type CohortMember, type Consensus, type PreparedMember } from "./snowflake-consensus";

type ReasonKind = SnowflakeReason["kind"];

/**
 * A hand edit is the defining snowflake act (invisible to the package manager, lost on rebuild);
 * installing, removing or rewriting something is a deliberate unrecorded change; version skew is
 * the everyday state of a patched-in-place fleet and matters only in numbers; loose config files
 * mostly come and go with packages, which are counted already.
 */
export const KIND_WEIGHTS: Readonly<Record<ReasonKind, number>> = {
  "config-edited": 3,
  "package-extra": 1,
  "package-missing": 1,
  "config-changed": 1,
  "package-version": 0.5,
  "config-extra": 0.5,
  "config-missing": 0.5,
};

/**
 * Score at which a fingerprint is a snowflake (cohort of ≥ 3 hosts). One unique hand edit (3.0)
 * crosses it; one or two unique extra packages (1–2) do not, three (3.0) do; a host alone in
 * lagging five package versions (2.5) does; a group of 12 of 40 hosts lagging one upgrade scores
 * 0.5 × 8/19 ≈ 0.21 and would need a dozen lagging packages to cross.
 */
export const SNOWFLAKE_THRESHOLD = 2.5;
/** Bounds of a fleet's own threshold (policy): below 0.5 a single lagging package flags a host; above 50 nothing does. */
export const SNOWFLAKE_THRESHOLD_MIN = 0.5;
export const SNOWFLAKE_THRESHOLD_MAX = 50;
export const MIN_COHORT = 3;

export interface SnowflakeOptions {
  /** Config paths left out of the comparison; default DEFAULT_IGNORE. */
  ignore?: readonly string[];
  threshold?: number;
  /** Reasons kept per result (the score counts all of them); default 50. */
  maxReasons?: number;
}

const KIND_ORDER: readonly ReasonKind[] = Object.keys(KIND_WEIGHTS) as ReasonKind[];
const KIND_RANK = new Map(KIND_ORDER.map((k, i) => [k, i]));

export function rarity(sharedBy: number, among: number): number {
  const half = among / 2;
  if (sharedBy >= half) return 0;
  if (half <= 1) return 1;
  return Math.min(1, Math.max(0, (half - sharedBy) / (half - 1)));
}

// What a member scored before the cohort counted it meets: a value no host shares.
const UNSEEN = { present: 0, values: new Map<string, number>(), modal: "", modalHosts: 0 };
const UNSEEN_CONFIG = { ...UNSEEN, modalPristine: true, package: undefined };

const isMinority = (sharedBy: number, among: number) => sharedBy * 2 < among;
/** Most of `among` have it: its absence is a minority value. */
const isMajority = (present: number, among: number) => isMinority(among - present, among);
const describe = (value: string) => (value.startsWith("symlink:") ? `symlink to ${value.slice(8)}` : `hash ${shortValue(value)}`);
const baseName = (key: string) => key.split(":")[0];

/** A reason of `weight` kindWeight × rarity, or null when it weighs nothing; security paths weigh more and say so. */
function reasonOf(kind: ReasonKind, subject: string, value: string | null, consensus: string | null, sharedBy: number, among: number, explain: string, cohort: number): SnowflakeReason | null {
  const security = isSecurityPath(subject);
  const weight = Math.round(KIND_WEIGHTS[kind] * (security ? SECURITY_MULTIPLIER : 1) * rarity(sharedBy, among) * 1e4) / 1e4;
  if (weight <= 0) return null;
  const reason: SnowflakeReason = { kind, subject, value, consensus, sharedBy, cohort, weight, explain };
  return security ? { ...reason, explain: `${explain} (security-relevant: counts ×${SECURITY_MULTIPLIER})`, security: true } : reason;
}

/**
 * The package reasons of a member, and the packages that deviate (extra, missing or on a minority version): the
 * conffiles of those follow from them and are not counted again.
 */
export function packageReasons(m: Pick<PreparedMember, "packages">, c: Consensus, majorityPackages: readonly string[]): { reasons: SnowflakeReason[]; deviating: Set<string> } {
  const N = c.hosts;
  const reasons: SnowflakeReason[] = [];
  const deviating = new Set<string>();
  const push = (r: SnowflakeReason | null) => r && reasons.push(r);
  for (const [key, version] of m.packages) {
    const t = c.packages.get(key) ?? UNSEEN;
    if (isMinority(t.present, N)) {
      deviating.add(baseName(key));
      push(reasonOf("package-extra", key, version, null, t.present, N, `${key} installed; present on ${t.present} of ${N} hosts`, N));
    } else if (version !== t.modal) {
      const s = t.values.get(version) ?? 0;
      if (!isMinority(s, t.present)) continue;
      deviating.add(baseName(key));
      push(reasonOf("package-version", key, version, t.modal, s, t.present, `${key} ${version}; ${t.modalHosts} of ${N} hosts run ${t.modal}`, N));
    }
  }
  for (const key of majorityPackages) {
    if (m.packages.has(key)) continue;
    const t = c.packages.get(key)!;
    deviating.add(baseName(key));
    push(reasonOf("package-missing", key, null, t.modal, N - t.present, N, `${key} not installed; present on ${t.present} of ${N} hosts`, N));
  }
  return { reasons, deviating };
}

/** Hosts whose source reports config files: what a file is judged among. */
export const configHostsOf = (c: Consensus) => c.configHosts ?? c.hosts;
/** Whether most config hosts have `path` (its absence is then a reason). */
export function isMajorityPath(c: Consensus, path: string): boolean {
  const t = c.configs.get(path);
  const Nc = configHostsOf(c);
  return t !== undefined && isMajority(t.present, Nc);
}

/** The reason a member's config entry at `path` gives, if any. */
export function configReason(path: string, entry: ConfigEntry, c: Consensus, deviating: ReadonlySet<string>): SnowflakeReason | null {
  const Nc = configHostsOf(c);
  const value = configValue(entry);
  const t = c.configs.get(path) ?? UNSEEN_CONFIG;
  const edited = entry.type === "file" && entry.modified === true;
  const follows = !edited && entry.package !== undefined && deviating.has(entry.package);
  if (isMinority(t.present, Nc)) {
    return follows ? null : reasonOf("config-extra", path, value, null, t.present, Nc, `${path} present; exists on ${t.present} of ${Nc} hosts`, Nc);
  }
  if (value === t.modal) return null;
  const s = t.values.get(value) ?? 0;
  if (!isMinority(s, t.present) || follows) return null;
  if (edited && t.modalPristine) return reasonOf("config-edited", path, value, t.modal, s, t.present, `${path} edited by hand; hash shared by ${s} of ${Nc} hosts`, Nc);
  const explain = `${path} differs; ${describe(value)} shared by ${s} of ${Nc} hosts, ${t.modalHosts} have ${describe(t.modal)}`;
  return reasonOf("config-changed", path, value, t.modal, s, t.present, explain, Nc);
}

/** The reason a member without the majority path `path` gives, if any (none when its package deviates). */
export function missingConfigReason(path: string, c: Consensus, deviating: ReadonlySet<string>): SnowflakeReason | null {
  const Nc = configHostsOf(c);
  const t = c.configs.get(path)!;
  if (t.package !== undefined && deviating.has(t.package)) return null;
  return reasonOf("config-missing", path, null, t.modal, Nc - t.present, Nc, `${path} missing; exists on ${t.present} of ${Nc} hosts`, Nc);
}

function scoreAgainst(m: Pick<PreparedMember, "packages" | "configs">, c: Consensus, majorityPackages: string[], majorityConfigs: string[], configsCollected: boolean): SnowflakeReason[] {
  const { reasons, deviating } = packageReasons(m, c, majorityPackages);
  // A source that reports no config files (an SBOM, package facts) is compared on packages only; files are judged
  // among the hosts whose source reports them.
  if (!configsCollected) return sortReasons(reasons);
  for (const [path, entry] of m.configs) {
    const r = configReason(path, entry, c, deviating);
    if (r) reasons.push(r);
  }
  for (const path of majorityConfigs) {
    if (m.configs.has(path)) continue;
    const r = missingConfigReason(path, c, deviating);
    if (r) reasons.push(r);
  }
  return sortReasons(reasons);
}

/** Security-relevant reasons first (what to look at first), then strongest first. */
export function sortReasons(reasons: SnowflakeReason[]): SnowflakeReason[] {
  return reasons.sort((a, b) => Number(b.security ?? false) - Number(a.security ?? false) || b.weight - a.weight || KIND_RANK.get(a.kind)! - KIND_RANK.get(b.kind)! || compareStrings(a.subject, b.subject));
}

/** A consensus made ready for scoring members one at a time (majority keys listed once). */
export interface ScoringContext {
  consensus: Consensus;
  majorityPackages: string[];
  majorityConfigs: string[];
  threshold: number;
  maxReasons: number;
}

export function scoringContext(consensus: Consensus, opts: SnowflakeOptions = {}): ScoringContext {
  const N = consensus.hosts;
  const Nc = consensus.configHosts ?? N;
  return {
    consensus,
    majorityPackages: [...consensus.packages].filter(([, t]) => isMajority(t.present, N)).map(([k]) => k),
    majorityConfigs: [...consensus.configs].filter(([, t]) => isMajority(t.present, Nc)).map(([p]) => p),
    threshold: opts.threshold ?? SNOWFLAKE_THRESHOLD,
    maxReasons: opts.maxReasons ?? 50,
  };
}

/**
 * Score one prepared member against a cohort it belongs to. Its values must be counted in the consensus (a
 * value the cohort never saw counts as shared by no host).
 */
export function scoreMember(m: Pick<PreparedMember, "packages" | "configs">, ctx: ScoringContext, opts: { configsCollected?: boolean } = {}): SnowflakeResult {
  return resultOf(scoreAgainst(m, ctx.consensus, ctx.majorityPackages, ctx.majorityConfigs, opts.configsCollected !== false), ctx);
}

/** The score of sorted reasons (summed in that order), and the reasons kept. */
export function resultOf(reasons: readonly SnowflakeReason[], ctx: ScoringContext): SnowflakeResult {
  const score = Math.round(reasons.reduce((sum, r) => sum + r.weight, 0) * 1e4) / 1e4;
  return { score, isSnowflake: ctx.consensus.hosts >= MIN_COHORT && score >= ctx.threshold, reasons: reasons.slice(0, ctx.maxReasons) };
}

/**
 * Score every distinct fingerprint of a cohort against the cohort's consensus. Cost grows with
 * distinct fingerprints × entries, never with hosts. Returns hash → result, reasons strongest first.
 */
export function scoreSnowflakes(cohort: readonly CohortMember[], opts: SnowflakeOptions = {}): Map<string, SnowflakeResult> {
  const prepared = prepareCohort(cohort, opts.ignore);
  const ctx = scoringContext(consensusOfPrepared(prepared), opts);
  const out = new Map<string, SnowflakeResult>();
  for (const m of prepared) out.set(m.member.hash, scoreMember(m, ctx, { configsCollected: m.member.configsCollected }));
  return out;
}

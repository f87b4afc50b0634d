// Drift: one host's fingerprint against its fleet's spec. Every item explains itself in a sentence.
import { compileGlobs } from "./glob";
import { compareStrings, configValue, dominantManager, indexPackages, nativeArch, resolvePinKey, shortValue, UNREADABLE } from "./package-key";
import type { ConfigEntry, DriftItem, DriftKind, Fingerprint, PackageManager, Spec } from "./types";
import { compareVersionsOf } from "./version-order";
import { compareSecurityFirst } from "./security-paths";
import { waivedBy } from "./waivers";

/** Order of kinds in drift lists and summaries: packages first, then configs. */
export const DRIFT_KINDS: readonly DriftKind[] = [
  "package-missing",
  "package-extra",
  "package-version",
  "config-changed",
  "config-missing",
  "config-unexpected",
];

/**
 * Subject of the OS mismatch item. An OS release change is the root of most version drift, so it is
 * reported rather than skipped; DriftKind has no OS kind, so it rides as a "package-version" item
 * with this subject ("os" contains no ":" and no package ships under that name in Debian, RHEL or
 * Alpine). Expected/actual read "debian 12".
 */
export const OS_SUBJECT = "os";

const KIND_RANK = new Map(DRIFT_KINDS.map((k, i) => [k, i]));

/** Kinds in DRIFT_KINDS order: packages first, then configs. */
export const compareKinds = (a: DriftKind, b: DriftKind): number => KIND_RANK.get(a)! - KIND_RANK.get(b)!;

/** Security-relevant paths first (lib/core/security-paths), then by kind and subject: a stable order for every list. */
export function compareDriftItems(a: DriftItem, b: DriftItem): number {
  return compareSecurityFirst(a.subject, b.subject) || compareKinds(a.kind, b.kind) || compareStrings(a.subject, b.subject);
}

function osDrift(fp: Fingerprint, spec: Spec): DriftItem | null {
  const want = spec.os;
  if (!want || (!want.id && !want.versionId)) return null;
  const idOk = !want.id || want.id === fp.os.id;
  const versionOk = !want.versionId || want.versionId === fp.os.versionId;
  if (idOk && versionOk) return null;
  const expected = [want.id ?? fp.os.id, want.versionId].filter(Boolean).join(" ");
  const actual = [fp.os.id, want.versionId ? fp.os.versionId : ""].filter(Boolean).join(" ");
  return { kind: "package-version", subject: OS_SUBJECT, expected, actual, explain: `os: expected ${expected}, found ${actual}` };
}

/** A pinned package at another version: behind or ahead of the spec in its manager's order, when that is one version. */
function versionItem(pin: string, want: string, have: string, manager: PackageManager): DriftItem {
  const order = have.includes(", ") || want.includes(", ") ? 0 : compareVersionsOf(manager, have, want);
  const direction = order < 0 ? "behind" : order > 0 ? "ahead" : undefined;
  const how = direction === "ahead" ? " (newer than the spec: a rebuild would downgrade it)" : direction === "behind" ? " (older than the spec)" : "";
  return { kind: "package-version", subject: pin, expected: want, actual: have, explain: `${pin}: expected ${want}, found ${have}${how}`, ...(direction ? { direction } : {}) };
}

/** How a host's actual value reads in a sentence. */
function describeActual(value: string): string {
  if (value === UNREADABLE) return "a file the agent could not read";
  if (value.startsWith("symlink:")) return `a symlink to ${value.slice(8)}`;
  return shortValue(value);
}

function describeExpected(value: string): string {
  return value.startsWith("symlink:") ? `a symlink to ${value.slice(8)}` : shortValue(value);
}

function configMatches(expected: string, entry: ConfigEntry): boolean {
  return expected === "*" || expected === configValue(entry);
}

function changedExplain(path: string, expected: string, entry: ConfigEntry): string {
  const actual = configValue(entry);
  if (entry.type === "file" && entry.modified === true) {
    const shipped = entry.package ? ` (no longer what ${entry.package} shipped)` : "";
    return `${path} differs from the spec and was edited by hand${shipped}`;
  }
  const base = `${path} differs from the spec: expected ${describeExpected(expected)}, found ${describeActual(actual)}`;
  // Unedited conffile: the package itself shipped other content, so its version is the likely cause.
  return entry.modified === false && entry.package ? `${base} (as shipped by ${entry.package})` : base;
}

/**
 * Compare a fingerprint with a spec. Packages: every pin must be installed (package-missing) at the
 * pinned version unless "*" (package-version); in "exact" mode anything unpinned is package-extra.
 * Configs: paths matching spec.ignore are never compared, even when listed; listed files must exist
 * (config-missing) with the pinned hash or symlink target (config-changed); in "exact" mode files
 * not listed are config-unexpected; none of that when `opts.configsCollected` is false. Items covered by a waiver
 * active at `now` (spec.waivers) are left out.
 * Sorted by compareDriftItems (security-relevant paths first).
 */
export interface DriftOptions {
  /**
   * False when the host's source reports no config files (an SBOM, package facts without stat): its configs are
   * "not collected", so the spec's files are not compared (none would be found; that is not drift).
   */
  configsCollected?: boolean;
}

export function computeDrift(fp: Fingerprint, spec: Spec, now = new Date(), opts: DriftOptions = {}): DriftItem[] {
  const items: DriftItem[] = [];
  const os = osDrift(fp, spec);
  if (os) items.push(os);

  const native = nativeArch(fp);
  const manager = dominantManager(fp.packages);
  const installed = indexPackages(fp);
  const pinned = new Set<string>();
  for (const [pin, want] of Object.entries(spec.packages.pins)) {
    const key = resolvePinKey(pin, installed, native);
    pinned.add(key);
    const have = installed.get(key);
    if (have === undefined) {
      const expected = want === "*" ? null : want;
      const explain = expected ? `${pin}: required at ${expected} but not installed` : `${pin}: required but not installed`;
      items.push({ kind: "package-missing", subject: pin, expected: want, actual: null, explain });
    } else if (want !== "*" && want !== have) {
      items.push(versionItem(pin, want, have, manager));
    }
  }
  if (spec.packages.mode === "exact") {
    for (const [key, have] of installed) {
      if (pinned.has(key)) continue;
      items.push({ kind: "package-extra", subject: key, expected: null, actual: have, explain: `${key} ${have} is installed but not in the spec` });
    }
  }

  const waived = waivedBy(spec.waivers, now);
  if (opts.configsCollected === false) return items.filter((it) => !waived(it)).sort(compareDriftItems);

  const isIgnored = compileGlobs(spec.ignore);
  const present = new Map(fp.configs.map((c) => [c.path, c]));
  for (const path of Object.keys(spec.configs.files)) {
    const item = isIgnored(path) ? null : configDrift(path, present.get(path), spec);
    if (item) items.push(item);
  }
  if (spec.configs.mode === "exact") {
    for (const entry of fp.configs) {
      if (Object.hasOwn(spec.configs.files, entry.path) || isIgnored(entry.path)) continue;
      items.push(configDrift(entry.path, entry, spec)!);
    }
  }
  return items.filter((it) => !waived(it)).sort(compareDriftItems);
}

/**
 * The drift item of one config path that spec.ignore does not cover, given the host's entry there (or none): a
 * listed file missing or changed, or in "exact" mode a file the spec does not list. Null when it conforms.
 */
export function configDrift(path: string, entry: ConfigEntry | undefined, spec: Spec): DriftItem | null {
  if (Object.hasOwn(spec.configs.files, path)) {
    const want = spec.configs.files[path];
    if (!entry) return { kind: "config-missing", subject: path, expected: want, actual: null, explain: `${path} is in the spec but missing on the host` };
    if (configMatches(want, entry)) return null;
    return { kind: "config-changed", subject: path, expected: want, actual: configValue(entry), explain: changedExplain(path, want, entry) };
  }
  if (!entry || spec.configs.mode !== "exact") return null;
  const how = entry.type === "file" && entry.modified === true ? " (and was edited by hand)" : "";
  return { kind: "config-unexpected", subject: path, expected: null, actual: configValue(entry), explain: `${path} is on the host but not in the spec${how}` };
}

/**
 * Whether a fingerprint's configs were collected, for drift: not when it has no config entries and a host
 * carrying it says its source reports none (hosts.configs_collected). Content alone cannot say it: an agent run
 * with --config-paths that matched nothing also has none, and its spec's files are missing.
 */
export function configsCollectedFor(fp: { configs: { length: number } }, carriedByNotCollected: boolean): boolean {
  return fp.configs.length > 0 || !carriedByNotCollected;
}

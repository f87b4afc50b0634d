// Differences between two fingerprints (host vs host, or one host's history) and side-by-side rows
// for the UI's diff table (host vs spec, host vs host).
import { compileGlobs } from "./glob";
import { DEFAULT_IGNORE } from "./host-specific";
import { compareStrings, configValue, indexPackages, nativeArch, resolvePinKey } from "./package-key";
import type { ConfigEntry, Fingerprint, OsFacts, Spec } from "./types";
import { compareSecurityFirst } from "./security-paths";

export interface OsChange {
  field: keyof OsFacts;
  from: string | null;
  to: string | null;
}

export interface FingerprintDiff {
  os: OsChange[];
  packages: {
    added: { key: string; version: string }[];
    removed: { key: string; version: string }[];
    changed: { key: string; from: string; to: string }[];
  };
  configs: {
    /** value: sha256, "symlink:<target>" or "unreadable" (see configValue). */
    added: { path: string; value: string }[];
    removed: { path: string; value: string }[];
    /** edited: the newer copy is a conffile flagged as edited by hand. */
    changed: { path: string; from: string; to: string; edited: boolean }[];
  };
}

const OS_FIELDS: readonly (keyof OsFacts)[] = ["id", "versionId", "prettyName", "kernel", "arch"];
const sortedKeys = <T>(m: ReadonlyMap<string, T>) => [...m.keys()].sort(compareStrings);

/** What changed from `a` (before / left) to `b` (after / right). Lists are sorted by key or path. */
export function diffFingerprints(a: Fingerprint, b: Fingerprint): FingerprintDiff {
  const os = OS_FIELDS.filter((f) => a.os[f] !== b.os[f]).map((field) => ({ field, from: a.os[field], to: b.os[field] }));

  const pa = indexPackages(a);
  const pb = indexPackages(b);
  const packages: FingerprintDiff["packages"] = { added: [], removed: [], changed: [] };
  for (const key of sortedKeys(pb)) if (!pa.has(key)) packages.added.push({ key, version: pb.get(key)! });
  for (const key of sortedKeys(pa)) {
    const to = pb.get(key);
    if (to === undefined) packages.removed.push({ key, version: pa.get(key)! });
    else if (to !== pa.get(key)) packages.changed.push({ key, from: pa.get(key)!, to });
  }

  const ca = new Map(a.configs.map((c) => [c.path, c]));
  const cb = new Map(b.configs.map((c) => [c.path, c]));
  const configs: FingerprintDiff["configs"] = { added: [], removed: [], changed: [] };
  for (const path of sortedKeys(cb)) if (!ca.has(path)) configs.added.push({ path, value: configValue(cb.get(path)!) });
  for (const path of sortedKeys(ca)) {
    const before = ca.get(path)!;
    const after = cb.get(path);
    if (!after) configs.removed.push({ path, value: configValue(before) });
    else if (configValue(before) !== configValue(after)) {
      configs.changed.push({ path, from: configValue(before), to: configValue(after), edited: after.type === "file" && after.modified === true });
    }
  }
  return { os, packages, configs };
}

/** Number of changed things (OS fields, packages, configs): 0 means the same content. */
export function countChanges(d: FingerprintDiff): number {
  const p = d.packages;
  const c = d.configs;
  return d.os.length + p.added.length + p.removed.length + p.changed.length + c.added.length + c.removed.length + c.changed.length;
}

export type DiffStatus = "same" | "differs" | "only-left" | "only-right" | "ignored";

export interface DiffRow {
  section: "package" | "config";
  /** Package key or config path; unique within a section. */
  key: string;
  /** Host (left) value: version, sha256, "symlink:<target>", "unreadable"; null when absent. */
  left: string | null;
  /** Spec or other host (right) value; for a spec, "*" means any version / any content. */
  right: string | null;
  status: DiffStatus;
}

export interface RowOptions {
  /** Rows that differ (differs, only-left, only-right) first, then same, then ignored. */
  differencesFirst?: boolean;
}

const SECTION_RANK = { package: 0, config: 1 } as const;
const STATUS_RANK: Record<DiffStatus, number> = { differs: 0, "only-left": 0, "only-right": 0, same: 1, ignored: 2 };

function sortRows(rows: DiffRow[], opts: RowOptions): DiffRow[] {
  return rows.sort(
    (x, y) =>
      (opts.differencesFirst ? STATUS_RANK[x.status] - STATUS_RANK[y.status] : 0) ||
      // Among differences, security-relevant paths first (what to look at first); the plain listing stays by key.
      (opts.differencesFirst && STATUS_RANK[x.status] === 0 ? compareSecurityFirst(x.key, y.key) : 0) ||
      SECTION_RANK[x.section] - SECTION_RANK[y.section] ||
      compareStrings(x.key, y.key),
  );
}

function status(left: string | null, right: string | null, ignored: boolean): DiffStatus {
  if (ignored) return "ignored";
  if (left === null) return "only-right";
  if (right === null) return "only-left";
  return left === right || right === "*" ? "same" : "differs";
}

function configRows(left: readonly ConfigEntry[], right: ReadonlyMap<string, string>, ignore: readonly string[]): DiffRow[] {
  const isIgnored = compileGlobs(ignore);
  const l = new Map(left.map((c) => [c.path, configValue(c)]));
  const paths = new Set([...l.keys(), ...right.keys()]);
  return [...paths].map((key) => {
    const lv = l.get(key) ?? null;
    const rv = right.get(key) ?? null;
    return { section: "config" as const, key, left: lv, right: rv, status: status(lv, rv, isIgnored(key)) };
  });
}

/**
 * A host against its spec, one row per package key and config path found on either side. Pins
 * written with the native arch ("libc6:amd64") share the host's "libc6" row. Rows match
 * computeDrift: a "*" pin or file is "same" when present; paths matching spec.ignore are "ignored"
 * (values still shown). Unpinned packages are "only-left" in either packages mode: the table shows
 * facts, the drift list decides what counts.
 */
/** The host side of a spec's config row on a host whose source reports no config files. */
export const NOT_COLLECTED = "not collected";

export function diffAgainstSpec(fp: Fingerprint, spec: Spec, opts: RowOptions & { configsCollected?: boolean } = {}): DiffRow[] {
  const installed = indexPackages(fp);
  const native = nativeArch(fp);
  const pins = new Map<string, string>();
  for (const [pin, want] of Object.entries(spec.packages.pins)) pins.set(resolvePinKey(pin, installed, native), want);
  const keys = new Set([...installed.keys(), ...pins.keys()]);
  const rows: DiffRow[] = [...keys].map((key) => {
    const left = installed.get(key) ?? null;
    const right = pins.get(key) ?? null;
    return { section: "package", key, left, right, status: status(left, right, false) };
  });
  const configs = configRows(fp.configs, new Map(Object.entries(spec.configs.files)), spec.ignore);
  // A source without config files (an SBOM import): the spec's files are "not collected" there, not missing.
  const collected = opts.configsCollected !== false;
  rows.push(...configs.map((r) => (collected || r.left !== null ? r : { ...r, left: NOT_COLLECTED, status: "ignored" as const })));
  return sortRows(rows, opts);
}

/** Two fingerprints in the same row format. Paths matching `ignore` (default DEFAULT_IGNORE) are "ignored". */
export function sideBySide(a: Fingerprint, b: Fingerprint, opts: RowOptions & { ignore?: readonly string[] } = {}): DiffRow[] {
  const pa = indexPackages(a);
  const pb = indexPackages(b);
  const keys = new Set([...pa.keys(), ...pb.keys()]);
  const rows: DiffRow[] = [...keys].map((key) => {
    const left = pa.get(key) ?? null;
    const right = pb.get(key) ?? null;
    return { section: "package", key, left, right, status: status(left, right, false) };
  });
  const right = new Map(b.configs.map((c) => [c.path, configValue(c)]));
  rows.push(...configRows(a.configs, right, opts.ignore ?? DEFAULT_IGNORE));
  return sortRows(rows, opts);
}

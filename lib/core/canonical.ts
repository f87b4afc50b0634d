// The canonical fingerprint and its hash: the one place that decides what "same content" means.
import { compileGlobs } from "./glob";
import { sha256OfText } from "./text-hash";
import { VOLATILE_PATHS } from "./host-specific";
import { compareStrings } from "./package-key";
import type { ConfigEntry, Fingerprint, OsFacts, Package } from "./types";

export { VOLATILE_PATHS } from "./host-specific";
export { indexPackages, nativeArch, packageKey } from "./package-key";

export interface FingerprintInput {
  os: OsFacts;
  packages: readonly Package[];
  configs: readonly ConfigEntry[];
}

/** "//etc//hosts/" → "/etc/hosts": one spelling per file, or dedupe and ignore rules miss it. */
export function normalizePath(path: string): string {
  const collapsed = path.trim().replace(/\/{2,}/g, "/");
  return collapsed.length > 1 && collapsed.endsWith("/") ? collapsed.slice(0, -1) : collapsed;
}

// The normalised objects are built with their keys in sorted order (and no undefined members), so
// JSON.stringify of a canonical fingerprint is already its stable serialisation: identify() hashes it without
// rebuilding ~2,000 objects. A unit test holds the bytes equal to stableStringify.
export function normalizeOs(os: OsFacts): OsFacts {
  return {
    arch: os.arch.trim(),
    id: os.id.trim(),
    kernel: os.kernel?.trim() || null,
    prettyName: os.prettyName.trim(),
    versionId: os.versionId.trim(),
  };
}

export function normalizePackage(p: Package): Package {
  return { arch: p.arch.trim(), manager: p.manager, name: p.name.trim(), version: p.version.trim() };
}

// Optional fields are written only when meaningful, so `{modified: undefined}` and a missing key
// (or a stray target on a regular file) serialise the same.
export function normalizeConfig(c: ConfigEntry): ConfigEntry {
  const out = {} as ConfigEntry;
  if (typeof c.modified === "boolean") out.modified = c.modified;
  if (c.package) out.package = c.package;
  out.path = normalizePath(c.path);
  out.sha256 = c.sha256 ? c.sha256.toLowerCase() : null;
  if (c.type === "symlink" && c.target !== undefined) out.target = c.target;
  out.type = c.type;
  return out;
}

export function comparePackages(a: Package, b: Package): number {
  return (
    compareStrings(a.manager, b.manager) ||
    compareStrings(a.name, b.name) ||
    compareStrings(a.arch, b.arch) ||
    compareStrings(a.version, b.version)
  );
}

/**
 * Canonical form of a report: volatile paths dropped, paths normalised, exact duplicates removed,
 * packages sorted by manager, name, arch (then version: rpm keeps several kernels side by side),
 * configs sorted by path. Two reports with the same content give deep-equal fingerprints whatever
 * their order. If one path is reported twice with different content, the choice must not depend
 * on order either: a readable entry beats an unreadable one, then the smallest serialisation wins.
 */
export function canonicalFingerprint(report: FingerprintInput, volatile: readonly string[] = VOLATILE_PATHS): Fingerprint {
  const isVolatile = volatile === VOLATILE_PATHS ? defaultVolatile() : compileGlobs(volatile);

  const packages = new Map<string, Package>();
  for (const raw of report.packages) {
    const p = normalizePackage(raw);
    packages.set(`${p.manager}\0${p.name}\0${p.arch}\0${p.version}`, p);
  }

  const configs = new Map<string, ConfigEntry>();
  for (const raw of report.configs) {
    const c = normalizeConfig(raw);
    if (isVolatile(c.path)) continue;
    const seen = configs.get(c.path);
    if (!seen || preferConfig(c, seen)) configs.set(c.path, c);
  }

  return {
    os: normalizeOs(report.os),
    packages: [...packages.values()].sort(comparePackages),
    configs: [...configs.values()].sort((a, b) => compareStrings(a.path, b.path)),
  };
}

// Compiled once: ingest canonicalises every report with the same list.
let volatileMatcher: ((path: string) => boolean) | null = null;
const defaultVolatile = () => (volatileMatcher ??= compileGlobs(VOLATILE_PATHS));
/** Whether a (normalised) path is one canonicalFingerprint drops with the default list. */
export const isVolatilePath = (path: string) => defaultVolatile()(path);

function preferConfig(candidate: ConfigEntry, current: ConfigEntry): boolean {
  const readable = Number(candidate.sha256 !== null) - Number(current.sha256 !== null);
  if (readable !== 0) return readable > 0;
  return stableStringify(candidate) < stableStringify(current);
}

/**
 * JSON with object keys sorted at every depth and undefined members dropped, so equal content
 * always yields the same bytes. Arrays keep their order (canonicalFingerprint sorts them).
 */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) throw new Error("stableStringify: non-finite number");
    if (typeof value === "bigint" || typeof value === "function" || typeof value === "symbol") {
      throw new Error(`stableStringify: cannot serialise a ${typeof value}`);
    }
    return JSON.stringify(value) ?? "null";
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : stableStringify(v))).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => compareStrings(a, b));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
}

/**
 * Identity of a fingerprint: sha256 hex of the stable serialisation of its canonical form. It
 * canonicalises first, so a hand-built or differently ordered fingerprint of the same content
 * hashes the same. Note the running kernel is part of OsFacts and therefore of the identity.
 */
export function fingerprintHash(fp: Fingerprint): string {
  return identify(fp).hash;
}

/** Canonical form and identity in one pass: ingest needs both, and canonicalising is most of the cost. */
export function identify(report: FingerprintInput): { fingerprint: Fingerprint; hash: string; text: string } {
  const fingerprint = canonicalFingerprint(report);
  // Keys of every canonical object are already in sorted order (see normalizeConfig): one native stringify.
  // `text` is the hashed serialisation; JSON.parse of it gives the fingerprint back.
  const text = JSON.stringify({ configs: fingerprint.configs, os: fingerprint.os, packages: fingerprint.packages });
  return { fingerprint, hash: sha256OfText(text), text };
}

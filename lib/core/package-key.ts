// Package keys and comparable config values, shared by drift, snowflake and diff. Kept apart from
// canonical.ts so that importing them never drags node:crypto into a browser bundle.
import type { ConfigEntry, Fingerprint, Package, PackageManager } from "./types";

/** Architectures that belong to no machine: such packages are keyed by name alone. */
const NEUTRAL_ARCHS = new Set(["", "all", "noarch", "any"]);

// uname -m → the package manager's spelling of the same architecture.
const DPKG_ARCH: Record<string, string> = {
  x86_64: "amd64",
  aarch64: "arm64",
  i386: "i386",
  i586: "i386",
  i686: "i386",
  armv7l: "armhf",
  armv6l: "armel",
  ppc64le: "ppc64el",
  s390x: "s390x",
  riscv64: "riscv64",
};
const RPM_APK_ARCH: Record<string, string> = { amd64: "x86_64", arm64: "aarch64" };

export function dominantManager(packages: readonly Package[]): PackageManager {
  const counts = new Map<PackageManager, number>();
  for (const p of packages) counts.set(p.manager, (counts.get(p.manager) ?? 0) + 1);
  let best: PackageManager = "dpkg";
  let bestCount = -1;
  for (const [m, n] of counts) if (n > bestCount || (n === bestCount && m < best)) [best, bestCount] = [m, n];
  return best;
}

/**
 * The host's native package architecture: os.arch spelled the package manager's way
 * (x86_64 → amd64 and aarch64 → arm64 for dpkg). If no package uses that spelling (an unknown
 * uname), fall back to the most common non-neutral architecture among the packages, so keys never
 * hinge on a missing mapping.
 */
export function nativeArch(fp: Pick<Fingerprint, "os" | "packages">): string {
  const manager = dominantManager(fp.packages);
  const raw = fp.os.arch.trim();
  const mapped = manager === "dpkg" ? (DPKG_ARCH[raw] ?? raw) : (RPM_APK_ARCH[raw] ?? raw);
  const counts = new Map<string, number>();
  for (const p of fp.packages) {
    if (p.manager === manager && !NEUTRAL_ARCHS.has(p.arch)) counts.set(p.arch, (counts.get(p.arch) ?? 0) + 1);
  }
  if (counts.size === 0 || counts.has(mapped)) return mapped;
  let best = mapped;
  let bestCount = -1;
  for (const [a, n] of counts) if (n > bestCount || (n === bestCount && a < best)) [best, bestCount] = [a, n];
  return best;
}

/**
 * Key of a package inside one fingerprint: "name" for the native architecture and for
 * architecture-neutral packages (all/noarch), "name:arch" for a foreign one (multiarch
 * libc6:i386, rpm glibc:i686) — the same spelling dpkg-query uses. The key never depends on which
 * other packages a host has, so "libc6" means the same thing on every host of a fleet.
 * The manager is not part of the key: a host has one package manager.
 */
export function packageKey(p: Package, native: string): string {
  return NEUTRAL_ARCHS.has(p.arch) || p.arch === native ? p.name : `${p.name}:${p.arch}`;
}

/**
 * key → version for one fingerprint. When several versions share a key (rpm installs kernels side
 * by side) they are compared as one value: the versions sorted and joined with ", ".
 */
export function indexPackages(fp: Pick<Fingerprint, "os" | "packages">): Map<string, string> {
  const native = nativeArch(fp);
  const out = new Map<string, string>();
  let several: Map<string, Set<string>> | undefined; // rare: only keys seen with two versions
  for (const p of fp.packages) {
    const key = packageKey(p, native);
    const seen = out.get(key);
    if (seen === undefined) out.set(key, p.version);
    else if (seen !== p.version || several?.has(key)) {
      several ??= new Map();
      const versions = several.get(key) ?? new Set([seen]);
      several.set(key, versions.add(p.version));
    }
  }
  if (several) for (const [key, versions] of several) out.set(key, [...versions].sort(compareStrings).join(", "));
  return out;
}

/**
 * Find the fingerprint key a spec pin refers to. A pin written dpkg-style with the native arch
 * ("libc6:amd64" on an amd64 host) or a neutral one means the plain "libc6" key.
 */
export function resolvePinKey(pin: string, index: ReadonlyMap<string, string>, native: string): string {
  if (index.has(pin)) return pin;
  const colon = pin.indexOf(":");
  if (colon > 0) {
    const arch = pin.slice(colon + 1);
    if (arch === native || NEUTRAL_ARCHS.has(arch)) return pin.slice(0, colon);
  }
  return pin;
}

/** Marker value of a file the agent could not read (sha256 null). */
export const UNREADABLE = "unreadable";

/**
 * A config entry as one comparable string, in the spec's vocabulary: the sha256 for a file,
 * "symlink:<target>" for a symlink, "unreadable" when the agent could not hash it.
 */
export function configValue(c: ConfigEntry): string {
  if (c.type === "symlink") return `symlink:${c.target ?? ""}`;
  return c.sha256 ?? UNREADABLE;
}

/** Shorten sha256 values for sentences; other values (versions, symlinks, "*") pass through. */
export function shortValue(value: string): string {
  return /^[0-9a-f]{64}$/.test(value) ? value.slice(0, 12) : value;
}

/** Byte-order comparison: deterministic across locales, unlike localeCompare. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

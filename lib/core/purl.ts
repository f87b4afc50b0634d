// Package URLs (https://github.com/package-url/purl-spec) as SBOM tools write them for OS packages, read into our
// package vocabulary. Only the three managers the agent reads are kept; other types (gems, npm, PyPI …) are not
// part of a host fingerprint and come back null.
import type { Package, PackageManager } from "./types";

const MANAGERS: Record<string, PackageManager> = { deb: "dpkg", rpm: "rpm", apk: "apk" };

export interface Purl {
  type: string;
  namespace: string;
  name: string;
  version: string;
  qualifiers: Record<string, string>;
}

function decode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** pkg:type/namespace/name@version?k=v&k=v#subpath, or null when `text` is not a purl. */
export function parsePurl(text: string): Purl | null {
  const m = /^pkg:\/*([A-Za-z][A-Za-z0-9.+-]*)\/([^?#]+?)(?:@([^?#]*))?(?:\?([^#]*))?(?:#.*)?$/.exec(text.trim());
  if (!m) return null;
  const segments = m[2].split("/").filter(Boolean).map(decode);
  if (segments.length === 0 || segments.some((s) => s === null)) return null;
  const qualifiers: Record<string, string> = {};
  for (const pair of (m[4] ?? "").split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const key = (eq < 0 ? pair : pair.slice(0, eq)).toLowerCase();
    const value = decode(eq < 0 ? "" : pair.slice(eq + 1));
    if (value !== null) qualifiers[key] = value;
  }
  const version = decode(m[3] ?? "");
  if (version === null) return null;
  const name = segments[segments.length - 1]!;
  return { type: m[1].toLowerCase(), namespace: segments.slice(0, -1).join("/"), name, version, qualifiers };
}

/**
 * The package a deb/rpm/apk purl names, its version spelled as the agent writes it: dpkg's "epoch:upstream-revision"
 * and rpm's "epoch:version-release". Syft and Trivy put the epoch in an `epoch` qualifier (rpm and deb alike), some
 * writers inside the version: both read the same.
 */
export function packageOfPurl(purl: Purl): Package | null {
  const manager = MANAGERS[purl.type];
  if (!manager || !purl.name || !purl.version) return null;
  const epoch = purl.qualifiers.epoch?.trim();
  const hasEpoch = /^\d+:/.test(purl.version);
  const version = epoch && !hasEpoch && manager !== "apk" ? `${epoch}:${purl.version}` : purl.version;
  return { manager, name: purl.name, version, arch: purl.qualifiers.arch ?? "" };
}

/** "debian-12" / "centos-7.6.1810" / "3.18.4" (the `distro` qualifier) as an os-release ID and VERSION_ID. */
export function distroOfPurl(purl: Purl): { id: string; versionId: string } | null {
  const distro = purl.qualifiers.distro;
  if (!distro) return purl.namespace ? { id: purl.namespace.toLowerCase(), versionId: "" } : null;
  const m = /^([A-Za-z][A-Za-z0-9_.]*?)-(\d[\w.~+-]*)$/.exec(distro);
  if (m) return { id: m[1].toLowerCase(), versionId: m[2] };
  // Alpine purls carry only the release ("distro=3.18.4"); the namespace names the distribution.
  if (/^\d/.test(distro)) return { id: (purl.namespace || purl.type).toLowerCase(), versionId: distro };
  return { id: distro.toLowerCase(), versionId: "" };
}

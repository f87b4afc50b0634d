// The domain vocabulary shared by every layer. Pure types: no runtime code here. The shapes the database stores
// live in model/ (db/ may not import lib/) and are re-exported here.
import type { OsFacts } from "@/model/os-facts";

export type { OsFacts } from "@/model/os-facts";
export type { Spec, Waiver } from "@/model/spec";
export type { HostEvent } from "@/model/host-event";

export type PackageManager = "dpkg" | "rpm" | "apk";

export interface Package {
  manager: PackageManager;
  name: string;
  version: string;
  /** dpkg: amd64/all/…; rpm: x86_64/noarch; apk: x86_64. Empty string when unknown. */
  arch: string;
}

export interface ConfigEntry {
  /**
   * Absolute path as seen from the fingerprinted root (never prefixed with --root). The agent writes a newline, tab
   * or backslash in a name as the two characters \n, \t or \\ (agent/README.md, "What is collected").
   */
  path: string;
  type: "file" | "symlink";
  /** sha256 hex of the content for files; null when the agent could not read it. */
  sha256: string | null;
  /** Link text for symlinks (recorded, never followed). */
  target?: string;
  /** Owning package when the file is a dpkg conffile. */
  package?: string;
  /**
   * dpkg conffiles only: true when the file no longer matches the md5 its package shipped
   * (edited by hand), false when it matches. Absent for files that no package ships as conffile.
   */
  modified?: boolean;
}

/** Canonical content of a host: sorted, volatile host-specific files removed. Its sha256 is its identity. */
export interface Fingerprint {
  os: OsFacts;
  packages: Package[]; // sorted by manager, name, arch
  configs: ConfigEntry[]; // sorted by path
}

/** The image a report was read from (`fleetprint-agent --image`): not content, so never part of the fingerprint. */
export interface ImageRef {
  /** OCI layout: the manifest's digest; docker-archive: the sha256 of the config blob (Docker's image ID). */
  digest: string;
  /** "repo:tag" (or the layout's ref name) when the image names one. */
  tag: string | null;
  format: "oci" | "docker-archive";
}

/**
 * A source the collector could not read (an unreadable rpm database, say): the report carries what the others read
 * and this. Not part of the fingerprint; the host keeps the list of its last accepted report.
 */
export interface CollectorError {
  /** "dpkg" | "apk" | "rpm" | "configs" from the agent; other collectors may name their own sources. */
  collector: string;
  /** One line, e.g. "rpm database unreadable: /var/lib/rpm/Packages: not a berkeley db hash/btree database". */
  message: string;
}

/** What the agent sends to POST /api/v1/fingerprints (schema 1). */
export interface AgentReport {
  schema: 1;
  agentVersion: string;
  hostname: string;
  machineId: string | null;
  collectedAt: string; // ISO 8601
  os: OsFacts;
  packages: Package[];
  configs: ConfigEntry[];
  /** Only in a report of an image (agent --image, sent to POST /api/v1/images). */
  image?: ImageRef;
  /** Sources that could not be read (at most 10); absent (or null, or []) when everything was read. */
  collectorErrors?: CollectorError[] | null;
}

export type Strategy = "mutable" | "immutable";

export type DriftKind =
  | "package-missing"
  | "package-extra"
  | "package-version"
  | "config-changed"
  | "config-missing"
  | "config-unexpected";

export interface DriftItem {
  kind: DriftKind;
  /** Package key ("apache2" or "libc6:i386") or config path. */
  subject: string;
  expected: string | null;
  actual: string | null;
  /** One sentence a person reads: "expected 2.4.57-2, found 2.4.58-1". */
  explain: string;
  /**
   * A package version item: the host's version is older ("behind") or newer ("ahead") than the spec's, in its
   * package manager's order. Absent when that is not known (several versions installed side by side, the OS item).
   * A rebuild from spec moves an "ahead" package backwards.
   */
  direction?: "behind" | "ahead";
}

export interface SnowflakeReason {
  kind: "package-version" | "package-extra" | "package-missing" | "config-changed" | "config-edited" | "config-extra" | "config-missing";
  subject: string;
  /** This host's value (version, hash, or null when absent). */
  value: string | null;
  /** The cohort's modal value. */
  consensus: string | null;
  /** Hosts in the cohort sharing this host's value, and the cohort size. */
  sharedBy: number;
  cohort: number;
  weight: number;
  explain: string; // "apache2.conf edited by hand; hash shared by 1 of 12 hosts"
  /** A security-relevant config path (lib/core/security-paths): weighed SECURITY_MULTIPLIER times, listed first. */
  security?: true;
}

export interface SnowflakeResult {
  score: number;
  isSnowflake: boolean;
  reasons: SnowflakeReason[]; // strongest first
}


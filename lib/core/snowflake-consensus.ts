// The cohort's consensus: for every package key and config path, which value most hosts have and
// how many hosts have it at all. Weighted by hosts, computed once per distinct fingerprint.
import { compileGlobs } from "./glob";
import { DEFAULT_IGNORE } from "./host-specific";
import { configValue, indexPackages } from "./package-key";
import type { ConfigEntry, Fingerprint } from "./types";

export interface CohortMember {
  hash: string;
  fingerprint: Fingerprint;
  /** Hosts of the fleet currently on this fingerprint. */
  hosts: number;
  /** False when its hosts' source reports no config files (an SBOM import): it counts for packages only. */
  configsCollected?: boolean;
}

export interface ValueTally {
  /** Hosts having the key or path at all. */
  present: number;
  /** value → hosts with that value. */
  values: Map<string, number>;
  /** The value most hosts have (ties: the smallest string, for determinism). */
  modal: string;
  modalHosts: number;
}

export interface ConfigTally extends ValueTally {
  /** False when most hosts with the modal content have it flagged as edited by hand. */
  modalPristine: boolean;
  /** Owning package of the file, when it is a conffile. */
  package?: string;
}

export interface Consensus {
  /** Hosts in the cohort. */
  hosts: number;
  /**
   * Hosts whose source reports config files (absent: all): what a config's presence is judged among, so a fleet
   * with SBOM imports does not make every agent host's files look rare.
   */
  configHosts?: number;
  packages: Map<string, ValueTally>;
  configs: Map<string, ConfigTally>;
}

/** One member's comparable view, computed once and shared by consensus and scoring. */
export interface PreparedMember {
  member: CohortMember;
  packages: Map<string, string>;
  /** path → entry, ignored paths left out; compare with configValue(entry). */
  configs: Map<string, ConfigEntry>;
}

/** Ignore rules apply to snowflakes too: per-host addresses and certificates are not deviations. */
export function prepareCohort(cohort: readonly CohortMember[], ignore: readonly string[] = DEFAULT_IGNORE): PreparedMember[] {
  const isIgnored = ignore === DEFAULT_IGNORE ? defaultIgnored : memoized(compileGlobs(ignore));
  return cohort.map((member) => {
    const configs = new Map<string, ConfigEntry>();
    for (const entry of member.fingerprint.configs) if (!isIgnored(entry.path)) configs.set(entry.path, entry);
    return { member, packages: indexPackages(member.fingerprint), configs };
  });
}

/** One fingerprint prepared on its own (the worker's unit: counted by the fleet and scored against it). */
export const prepareMember = (hash: string, fingerprint: Fingerprint): PreparedMember => prepareCohort([{ hash, fingerprint, hosts: 1 }])[0];

/** Paths repeat across fingerprints: each is tested once (bounded: past the limit the memory starts again). */
function memoized(matcher: (path: string) => boolean, limit = 200_000) {
  const seen = new Map<string, boolean>();
  return (path: string) => {
    let hit = seen.get(path);
    if (hit === undefined) {
      if (seen.size >= limit) seen.clear();
      seen.set(path, (hit = matcher(path)));
    }
    return hit;
  };
}
// The worker prepares fingerprints one at a time, with the default list: its answers are kept across calls.
const defaultIgnored = memoized(compileGlobs(DEFAULT_IGNORE));
/** Whether the default ignore list keeps `path` in the comparison (prepareCohort's default). */
export const isComparedPath = (path: string) => !defaultIgnored(path);

export function bump(values: Map<string, number>, value: string, hosts: number) {
  values.set(value, (values.get(value) ?? 0) + hosts);
}

function pickModal(values: Map<string, number>): [string, number] {
  let modal = "";
  let best = -1;
  for (const [value, hosts] of values) {
    if (hosts > best || (hosts === best && value < modal)) [modal, best] = [value, hosts];
  }
  return [modal, best];
}

export function consensusOfPrepared(prepared: readonly PreparedMember[]): Consensus {
  let hosts = 0;
  let configHosts = 0;
  const packages = new Map<string, ValueTally>();
  const configs = new Map<string, ConfigTally>();
  const edited = new Map<string, Map<string, number>>(); // path → value → hosts flagging it edited
  for (const { member, packages: pkgs, configs: cfgs } of prepared) {
    const n = member.hosts;
    hosts += n;
    if (member.configsCollected !== false) configHosts += n;
    for (const [key, version] of pkgs) {
      let t = packages.get(key);
      if (!t) packages.set(key, (t = { present: 0, values: new Map(), modal: "", modalHosts: 0 }));
      t.present += n;
      bump(t.values, version, n);
    }
    for (const [path, entry] of cfgs) {
      const value = configValue(entry);
      let t = configs.get(path);
      if (!t) configs.set(path, (t = { present: 0, values: new Map(), modal: "", modalHosts: 0, modalPristine: true }));
      t.present += n;
      bump(t.values, value, n);
      if (entry.package && t.package === undefined) t.package = entry.package;
      if (entry.modified === true) {
        let e = edited.get(path);
        if (!e) edited.set(path, (e = new Map()));
        bump(e, value, n);
      }
    }
  }
  return { ...finishConsensus(hosts, packages, configs, edited), configHosts };
}

/** Modal values once every host is counted; `edited` is path → value → hosts flagging it edited by hand. */
export function finishConsensus(hosts: number, packages: Map<string, ValueTally>, configs: Map<string, ConfigTally>, edited: Map<string, Map<string, number>>): Consensus {
  for (const t of packages.values()) [t.modal, t.modalHosts] = pickModal(t.values);
  for (const [path, t] of configs) {
    [t.modal, t.modalHosts] = pickModal(t.values);
    t.modalPristine = (edited.get(path)?.get(t.modal) ?? 0) * 2 < t.modalHosts;
  }
  return { hosts, packages, configs };
}

/**
 * Consensus of a cohort of distinct fingerprints, each weighted by its host count: per package key
 * the modal version and how many hosts have the package; per config path the modal sha256 (or
 * "symlink:<target>") and how many hosts have the file. Paths matching `ignore` are left out.
 */
export function computeConsensus(cohort: readonly CohortMember[], ignore: readonly string[] = DEFAULT_IGNORE): Consensus {
  return consensusOfPrepared(prepareCohort(cohort, ignore));
}

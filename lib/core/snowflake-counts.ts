// The cohort's consensus kept as counts: each fingerprint contributes its comparable values ("items") weighted
// by its hosts, a fleet keeps item → hosts, and the consensus is rebuilt from those counts alone. A report then
// changes the counts of what it changed, and scoring never needs every fingerprint's content at once.
import { bump, finishConsensus, type Consensus, type ConfigTally, type PreparedMember, type ValueTally } from "./snowflake-consensus";
import { compareStrings, configValue } from "./package-key";
import type { DiffMember } from "./snowflake-diff";
import type { ConfigEntry } from "./types";

// JSON arrays: unambiguous whatever a path or a link target contains, and storable as text.
const packageItem = (key: string, version: string) => JSON.stringify(["p", key, version]);
function configItem(path: string, entry: ConfigEntry): string {
  const edited = entry.type === "file" && entry.modified === true ? 1 : 0;
  return JSON.stringify(["c", path, configValue(entry), edited, entry.package ?? ""]);
}

/** The comparable values of one prepared fingerprint, each a string: the unit the fleet counts. */
export function comparisonItems(m: Pick<PreparedMember, "packages" | "configs">): string[] {
  const out: string[] = [];
  for (const [key, version] of m.packages) out.push(packageItem(key, version));
  for (const [path, entry] of m.configs) out.push(configItem(path, entry));
  return out;
}

/**
 * Hosts × items of many fingerprints, as addItems(comparisonItems) would count them, with each distinct item
 * spelled once at the end: a herd's new fingerprints share nearly all their 2,000 items, and spelling and
 * hashing every one of every fingerprint was ~40% of the analysis. Config entries are told apart by identity
 * first (fingerprints read from the item cache share them) and by their spelling in the end.
 */
export class ItemTally {
  #packages = new Map<string, Map<string, number>>();
  #configs = new Map<string, Map<ConfigEntry, number>>();
  /** References of members added by their difference: each counted once, by the hosts of all of them. */
  #bases = new Map<Pick<PreparedMember, "packages" | "configs">, number>();

  add(m: Pick<PreparedMember, "packages" | "configs">, hosts: number) {
    for (const [key, version] of m.packages) {
      let versions = this.#packages.get(key);
      if (!versions) this.#packages.set(key, (versions = new Map()));
      versions.set(version, (versions.get(version) ?? 0) + hosts);
    }
    for (const entry of m.configs.values()) this.#addConfig(entry, hosts);
  }

  /** As add(the member `m` stands for, hosts), at the cost of its difference from its reference. */
  addDiff(m: Pick<DiffMember, "base" | "added" | "removed">, hosts: number) {
    this.#bases.set(m.base, (this.#bases.get(m.base) ?? 0) + hosts);
    for (const e of m.added) this.#addConfig(e, hosts);
    for (const e of m.removed) this.#addConfig(e, -hosts);
  }

  #addConfig(entry: ConfigEntry, hosts: number) {
    let entries = this.#configs.get(entry.path);
    if (!entries) this.#configs.set(entry.path, (entries = new Map()));
    entries.set(entry, (entries.get(entry) ?? 0) + hosts);
  }

  /** Item → hosts, items spelled as comparisonItems spells them. */
  counts(): Map<string, number> {
    for (const [base, hosts] of this.#bases) if (hosts !== 0) this.add(base, hosts);
    this.#bases.clear();
    const out = new Map<string, number>();
    for (const [key, versions] of this.#packages) for (const [version, n] of versions) bump(out, packageItem(key, version), n);
    for (const [path, entries] of this.#configs) for (const [entry, n] of entries) bump(out, configItem(path, entry), n);
    return out;
  }
}

/** The text every config item of `path` starts with: its items are found by this prefix in the stored counts. */
export const configItemPrefix = (path: string) => `${JSON.stringify(["c", path]).slice(0, -1)},`;

/** Adds `hosts` × each item of `items` into `into` (negative to remove a fingerprint's hosts). */
export function addItems(into: Map<string, number>, items: readonly string[], hosts: number) {
  for (const item of items) into.set(item, (into.get(item) ?? 0) + hosts);
}

/**
 * The consensus of a cohort of `hosts` hosts from its item counts: the same tallies computeConsensus makes from
 * the fingerprints themselves (a conffile's owning package is the smallest name seen, for determinism).
 */
export function consensusFromCounts(counts: Iterable<readonly [string, number]>, hosts: number, configHosts = hosts): Consensus {
  const packages = new Map<string, ValueTally>();
  const configs = new Map<string, ConfigTally>();
  const edited = new Map<string, Map<string, number>>();
  for (const [item, n] of counts) {
    if (n <= 0) continue;
    const parts = JSON.parse(item) as [string, string, string, number?, string?];
    if (parts[0] === "p") {
      const [, key, version] = parts;
      let t = packages.get(key);
      if (!t) packages.set(key, (t = { present: 0, values: new Map(), modal: "", modalHosts: 0 }));
      t.present += n;
      bump(t.values, version, n);
    } else if (parts[0] === "c") {
      const [, path, value, isEdited, pkg] = parts;
      let t = configs.get(path);
      if (!t) configs.set(path, (t = { present: 0, values: new Map(), modal: "", modalHosts: 0, modalPristine: true }));
      t.present += n;
      bump(t.values, value, n);
      if (pkg && (t.package === undefined || compareStrings(pkg, t.package) < 0)) t.package = pkg;
      if (isEdited === 1) {
        let e = edited.get(path);
        if (!e) edited.set(path, (e = new Map()));
        bump(e, value, n);
      }
    }
  }
  return { ...finishConsensus(hosts, packages, configs, edited), configHosts };
}

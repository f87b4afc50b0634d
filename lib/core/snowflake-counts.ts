// The cohort's consensus kept as counts: each fingerprint contributes its comparable values ("items") weighted
// by its hosts, a fleet keeps item → hosts, and the consensus is rebuilt from those counts alone. A report then
// changes the counts of what it changed, and scoring never needs every fingerprint's content at once.
import { bump, finishConsensus, type Consensus, type ConfigTally, type PreparedMember, type ValueTally } from "./snowflake-consensus";
import { compareStrings, configValue } from "./package-key";

/** The comparable values of one prepared fingerprint, each a string: the unit the fleet counts. */
export function comparisonItems(m: Pick<PreparedMember, "packages" | "configs">): string[] {
  const out: string[] = [];
  // JSON arrays: unambiguous whatever a path or a link target contains, and storable as text.
  for (const [key, version] of m.packages) out.push(JSON.stringify(["p", key, version]));
  for (const [path, entry] of m.configs) {
    const edited = entry.type === "file" && entry.modified === true ? 1 : 0;
    out.push(JSON.stringify(["c", path, configValue(entry), edited, entry.package ?? ""]));
  }
  return out;
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

// One line for a diff: "3 packages upgraded, 1 added, 2 configs changed". Counted from the same rows the diff
// table shows (left = before / this host, right = after / the other side), so the line and the table agree.
import type { DiffRow } from "./diff";
import { compareVersions } from "./version-compare";

export interface ChangeCounts {
  packages: { upgraded: number; downgraded: number; changed: number; added: number; removed: number };
  configs: { changed: number; added: number; removed: number };
  /** OS facts that differ (kernel, release): not rows of the table, but a change all the same. */
  os: number;
  total: number;
}

export function emptyCounts(): ChangeCounts {
  return { packages: { upgraded: 0, downgraded: 0, changed: 0, added: 0, removed: 0 }, configs: { changed: 0, added: 0, removed: 0 }, os: 0, total: 0 };
}

/**
 * "added" is on the right only, "removed" on the left only. A version change is an upgrade or a downgrade by
 * dpkg order; keys holding several versions at once ("5.14.0-1, 5.14.0-2", rpm kernels) are just "changed".
 * Equal and ignored rows do not count.
 */
export function countChanges(rows: readonly Pick<DiffRow, "section" | "left" | "right" | "status">[], osChanges = 0): ChangeCounts {
  const c = emptyCounts();
  for (const r of rows) {
    const target = r.section === "package" ? c.packages : c.configs;
    if (r.status === "only-right") target.added++;
    else if (r.status === "only-left") target.removed++;
    else if (r.status !== "differs") continue;
    else if (r.section === "config" || r.left === null || r.right === null || r.left.includes(", ") || r.right.includes(", ")) target.changed++;
    else {
      const order = compareVersions(r.left, r.right);
      if (order < 0) c.packages.upgraded++;
      else if (order > 0) c.packages.downgraded++;
      else c.packages.changed++;
    }
  }
  c.os = osChanges;
  const p = c.packages;
  c.total = p.upgraded + p.downgraded + p.changed + p.added + p.removed + c.configs.changed + c.configs.added + c.configs.removed + c.os;
  return c;
}

function section(noun: [string, string], parts: [number, string][]): string[] {
  const shown = parts.filter(([n]) => n > 0);
  return shown.map(([n, verb], i) => (i === 0 ? `${n} ${n === 1 ? noun[0] : noun[1]} ${verb}` : `${n} ${verb}`));
}

/** "3 packages upgraded, 1 added, 2 configs changed"; "no change" when nothing differs. */
export function describeChanges(c: ChangeCounts): string {
  const p = c.packages;
  const parts = [
    ...section(["package", "packages"], [[p.upgraded, "upgraded"], [p.downgraded, "downgraded"], [p.changed, "changed"], [p.added, "added"], [p.removed, "removed"]]),
    ...section(["config", "configs"], [[c.configs.changed, "changed"], [c.configs.added, "added"], [c.configs.removed, "removed"]]),
    ...section(["OS fact", "OS facts"], [[c.os, "changed"]]),
  ];
  return parts.length === 0 ? "no change" : parts.join(", ");
}

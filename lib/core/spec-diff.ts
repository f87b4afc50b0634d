// What changes between two spec versions, section by section: the preview before a save, "diff between any two
// versions" in the history, and the audit row of every edit.
import { compareStrings } from "./package-key";
import type { Spec, Waiver } from "./types";
import { waiverTarget } from "./waivers";

export interface EntryChanges {
  added: { key: string; value: string }[];
  removed: { key: string; value: string }[];
  changed: { key: string; from: string; to: string }[];
}

export interface SpecDiff {
  os: { from: string; to: string } | null;
  packagesMode: { from: string; to: string } | null;
  configsMode: { from: string; to: string } | null;
  pins: EntryChanges;
  files: EntryChanges;
  ignore: { added: string[]; removed: string[] };
  waivers: { added: Waiver[]; removed: Waiver[] };
  /** Number of changed entries in all sections; 0 means the two specs say the same. */
  changes: number;
}

function entries(a: Record<string, string>, b: Record<string, string>): EntryChanges {
  const out: EntryChanges = { added: [], removed: [], changed: [] };
  for (const key of Object.keys(b).sort(compareStrings)) {
    if (!Object.hasOwn(a, key)) out.added.push({ key, value: b[key] });
    else if (a[key] !== b[key]) out.changed.push({ key, from: a[key], to: b[key] });
  }
  for (const key of Object.keys(a).sort(compareStrings)) if (!Object.hasOwn(b, key)) out.removed.push({ key, value: a[key] });
  return out;
}

const osText = (os: Spec["os"]) => [os?.id, os?.versionId].filter(Boolean).join(" ") || "any";
// A waiver's identity is all of it: a renewed expiry or a new reason reads as one removed and one added.
const waiverKey = (w: Waiver) => JSON.stringify([w.path ?? null, w.package ?? null, w.reason, w.until ?? null, w.by ?? null]);

/** From `a` (null: no spec before) to `b`. */
export function diffSpecs(a: Spec | null, b: Spec): SpecDiff {
  const from: Spec = a ?? { packages: { mode: b.packages.mode, pins: {} }, configs: { mode: b.configs.mode, files: {} }, ignore: [] };
  const aw = new Map((from.waivers ?? []).map((w) => [waiverKey(w), w]));
  const bw = new Map((b.waivers ?? []).map((w) => [waiverKey(w), w]));
  const aIgnore = new Set(from.ignore);
  const bIgnore = new Set(b.ignore);
  const d: SpecDiff = {
    os: osText(from.os) === osText(b.os) ? null : { from: osText(from.os), to: osText(b.os) },
    packagesMode: from.packages.mode === b.packages.mode ? null : { from: from.packages.mode, to: b.packages.mode },
    configsMode: from.configs.mode === b.configs.mode ? null : { from: from.configs.mode, to: b.configs.mode },
    pins: entries(from.packages.pins, b.packages.pins),
    files: entries(from.configs.files, b.configs.files),
    ignore: { added: b.ignore.filter((g) => !aIgnore.has(g)), removed: from.ignore.filter((g) => !bIgnore.has(g)) },
    waivers: { added: [...bw].filter(([k]) => !aw.has(k)).map(([, w]) => w), removed: [...aw].filter(([k]) => !bw.has(k)).map(([, w]) => w) },
    changes: 0,
  };
  const count = (e: EntryChanges) => e.added.length + e.removed.length + e.changed.length;
  d.changes =
    (d.os ? 1 : 0) + (d.packagesMode ? 1 : 0) + (d.configsMode ? 1 : 0) + count(d.pins) + count(d.files) +
    d.ignore.added.length + d.ignore.removed.length + d.waivers.added.length + d.waivers.removed.length;
  return d;
}

function describeWaiver(w: Waiver): string {
  return `${waiverTarget(w)}: ${w.reason}${w.until ? ` (until ${w.until})` : ""}${w.by ? ` by ${w.by}` : ""}`;
}

/** The diff as lines a person scans ("+ pin libssl3 3.0.19", "~ file /etc/php.ini abc… → def…"), capped. */
export function specDiffLines(d: SpecDiff, max = 200): string[] {
  const lines: string[] = [];
  if (d.os) lines.push(`~ os ${d.os.from} → ${d.os.to}`);
  if (d.packagesMode) lines.push(`~ packages.mode ${d.packagesMode.from} → ${d.packagesMode.to}`);
  if (d.configsMode) lines.push(`~ configs.mode ${d.configsMode.from} → ${d.configsMode.to}`);
  for (const [what, e] of [["pin", d.pins], ["file", d.files]] as const) {
    for (const x of e.added) lines.push(`+ ${what} ${x.key} ${x.value}`);
    for (const x of e.removed) lines.push(`- ${what} ${x.key} ${x.value}`);
    for (const x of e.changed) lines.push(`~ ${what} ${x.key} ${x.from} → ${x.to}`);
  }
  for (const g of d.ignore.added) lines.push(`+ ignore ${g}`);
  for (const g of d.ignore.removed) lines.push(`- ignore ${g}`);
  for (const w of d.waivers.added) lines.push(`+ waiver ${describeWaiver(w)}`);
  for (const w of d.waivers.removed) lines.push(`- waiver ${describeWaiver(w)}`);
  return lines.length > max ? [...lines.slice(0, max), `… and ${lines.length - max} more`] : lines;
}

/** "2 pins changed, 1 waiver added": the one-line summary of a version in lists and audit rows. */
export function summarizeSpecDiff(d: SpecDiff): string {
  const parts: string[] = [];
  const n = (count: number, what: string, how: string) => count && parts.push(`${count} ${what}${count === 1 ? "" : "s"} ${how}`);
  if (d.os) parts.push(`os ${d.os.from} → ${d.os.to}`);
  if (d.packagesMode) parts.push(`packages.mode ${d.packagesMode.to}`);
  if (d.configsMode) parts.push(`configs.mode ${d.configsMode.to}`);
  n(d.pins.added.length, "pin", "added");
  n(d.pins.removed.length, "pin", "removed");
  n(d.pins.changed.length, "pin", "changed");
  n(d.files.added.length, "file", "added");
  n(d.files.removed.length, "file", "removed");
  n(d.files.changed.length, "file", "changed");
  n(d.ignore.added.length, "ignore rule", "added");
  n(d.ignore.removed.length, "ignore rule", "removed");
  n(d.waivers.added.length, "waiver", "added");
  n(d.waivers.removed.length, "waiver", "removed");
  return parts.length ? parts.join(", ") : "no change";
}

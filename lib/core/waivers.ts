// Waivers: drift a team has decided to live with, written down in the spec with a reason and an optional expiry.
// In the YAML they are mapping entries of `ignore` (plain strings there stay path globs); in a parsed Spec they
// are spec.waivers, so every reader of spec.ignore keeps seeing globs only.
import { compileGlobs } from "./glob";
import type { DriftItem, DriftKind, Spec, Waiver } from "./types";

export const PACKAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9+._-]*(?::[A-Za-z0-9_-]+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export const MAX_REASON = 500;

/** A real calendar date written YYYY-MM-DD (2026-02-30 is refused, not rolled over). */
export function isDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/**
 * `until` names the last day the waiver holds (UTC): "until 2026-12-31" still hides the item on New Year's Eve
 * and stops at 2027-01-01T00:00Z. Null for a waiver without expiry.
 */
export function waiverExpiresAt(w: Pick<Waiver, "until">): Date | null {
  if (!w.until || !isDate(w.until)) return null;
  const [y, m, d] = w.until.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1));
}

export function isWaiverActive(w: Pick<Waiver, "until">, now: Date): boolean {
  const end = waiverExpiresAt(w);
  return end === null || now.getTime() < end.getTime();
}

/** Each waiver as lists show it: active or expired at `now` (an expired one no longer hides drift), and its end. */
export function waiverStatuses(waivers: readonly Waiver[] | undefined, now: Date) {
  return (waivers ?? []).map((w) => ({
    ...w,
    status: isWaiverActive(w, now) ? ("active" as const) : ("expired" as const),
    expiresAt: waiverExpiresAt(w)?.toISOString() ?? null,
  }));
}

/** What a waiver is about, as people read it and as revoke names it: "package libssl3" or "path /etc/motd". */
export function waiverTarget(w: Pick<Waiver, "path" | "package">): string {
  return w.package !== undefined ? `package ${w.package}` : `path ${w.path}`;
}

/** A package item (missing, extra, other version) rather than a config one: the two halves of a spec. */
export const isPackageKind = (kind: DriftKind): boolean => kind.startsWith("package-");

/** The waiver that would cover one drift item: a package item by its package key, a config item by its path. */
export function waiverTargetOf(item: Pick<DriftItem, "kind" | "subject">): Pick<Waiver, "path" | "package"> {
  return isPackageKind(item.kind) ? { package: item.subject } : { path: item.subject };
}

/**
 * A matcher for the waivers active at `now`. A package waiver "name" covers that package on any architecture
 * ("name:i386" too); "name:arch" only that one. Path waivers are globs, like plain ignore rules.
 */
export function waivedBy(waivers: readonly Waiver[] | undefined, now: Date): (item: Pick<DriftItem, "kind" | "subject">) => boolean {
  const active = (waivers ?? []).filter((w) => isWaiverActive(w, now));
  if (active.length === 0) return () => false;
  const packages = new Set(active.flatMap((w) => (w.package !== undefined ? [w.package] : [])));
  const paths = compileGlobs(active.flatMap((w) => (w.path !== undefined ? [w.path] : [])));
  return (item) => {
    if (!isPackageKind(item.kind)) return paths(item.subject);
    if (packages.has(item.subject)) return true;
    const colon = item.subject.indexOf(":");
    return colon > 0 && packages.has(item.subject.slice(0, colon));
  };
}

/** A waiver with only the fields it has, in a fixed order (specs render and diff alike). */
export function compactWaiver(w: Waiver): Waiver {
  const out: Waiver = w.package !== undefined ? { package: w.package, reason: w.reason } : { path: w.path!, reason: w.reason };
  if (w.until) out.until = w.until;
  if (w.by) out.by = w.by;
  return out;
}

const sameTarget = (a: Pick<Waiver, "path" | "package">, b: Pick<Waiver, "path" | "package">) => a.path === b.path && a.package === b.package;

/** The spec with this waiver in place of any earlier one on the same target (re-waiving renews it). */
export function withWaiver(spec: Spec, waiver: Waiver): Spec {
  return { ...spec, waivers: [...(spec.waivers ?? []).filter((w) => !sameTarget(w, waiver)), compactWaiver(waiver)] };
}

/** The spec without the waivers on this target; null when there was none to remove. */
export function withoutWaiver(spec: Spec, target: Pick<Waiver, "path" | "package">): Spec | null {
  const kept = (spec.waivers ?? []).filter((w) => !sameTarget(w, target));
  if (kept.length === (spec.waivers ?? []).length) return null;
  const out: Spec = { ...spec, waivers: kept };
  if (kept.length === 0) delete out.waivers;
  return out;
}

/** Expiry instants of the waivers that end after `after` and no later than `now`: each one changes drift. */
export function expiriesBetween(waivers: readonly Waiver[] | undefined, after: Date, now: Date): Date[] {
  return (waivers ?? [])
    .map(waiverExpiresAt)
    .filter((d): d is Date => d !== null && d.getTime() > after.getTime() && d.getTime() <= now.getTime())
    .sort((a, b) => a.getTime() - b.getTime());
}

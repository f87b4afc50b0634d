// "Differs from the current spec since": the later of two dates. The host has carried the item since its first
// seen time (drift-since.ts); the spec has expected what it expects now for that subject since the save date of
// the oldest version in the unbroken run of versions, ending at the current one, that expected the same. A host
// that has run libssl3 u3 since August against a spec that asks for u4 since 21 Nov differs since 21 Nov (v3),
// not since August: before v3 the spec agreed with the host, or asked for something else.
import { OS_SUBJECT } from "./drift";
import { compileGlobs } from "./glob";
import type { DriftItem, Spec } from "./types";
import { isPackageKind } from "./waivers";

/** One saved spec version. */
export interface SpecVersionPoint {
  version: number;
  createdAt: Date;
  spec: Spec;
}

/** The version from which the spec has expected the same for a subject, and since when. */
export interface SpecRunStart {
  version: number;
  at: Date;
}

type Subject = Pick<DriftItem, "kind" | "subject">;

const ignoreMatchers = new WeakMap<Spec, (path: string) => boolean>();
/** Compiled once per spec object: an export asks about every item of every host. */
function ignoreOf(spec: Spec): (path: string) => boolean {
  let m = ignoreMatchers.get(spec);
  if (!m) ignoreMatchers.set(spec, (m = compileGlobs(spec.ignore)));
  return m;
}

/**
 * What a spec expects for a subject, as one comparable string. Packages: the pin value, or absence (which
 * matters only in exact mode, where an unpinned package is an extra). An arch-qualified pin ("libc6:amd64")
 * counts for the bare name too: without the host's native arch a pure function cannot tell them apart, and
 * the pin being there at all is the expectation that matters. Configs: ignored, the listed value, or absence
 * (again only meaningful in exact mode). The OS item: the spec's os block.
 */
export function expectationOf(spec: Spec, item: Subject): string {
  if (item.kind === "package-version" && item.subject === OS_SUBJECT) return `os:${spec.os?.id ?? ""}:${spec.os?.versionId ?? ""}`;
  if (isPackageKind(item.kind)) {
    const pins = spec.packages.pins;
    if (Object.hasOwn(pins, item.subject)) return `pin:${pins[item.subject]}`;
    const base = item.subject.split(":")[0];
    const qualified = Object.keys(pins).find((p) => p === base || p.startsWith(`${base}:`));
    if (qualified !== undefined) return `pin:${pins[qualified]}`;
    return `absent:${spec.packages.mode}`;
  }
  if (ignoreOf(spec)(item.subject)) return "ignored";
  const files = spec.configs.files;
  if (Object.hasOwn(files, item.subject)) return `file:${files[item.subject]}`;
  return `absent:${spec.configs.mode}`;
}

/**
 * For each item, the start of the run of versions expecting what the newest version expects. `versions` is
 * newest first and contiguous (the newest is the current spec); null when there are no versions. A run that
 * reaches the oldest version given may go further back: a caller holding only the newest versions loads more
 * and asks again for those items (see `openItems`).
 */
export function specRunStarts(versions: readonly SpecVersionPoint[], items: readonly Subject[]): (SpecRunStart | null)[] {
  if (versions.length === 0) return items.map(() => null);
  return items.map((item) => {
    const want = expectationOf(versions[0].spec, item);
    let start = versions[0];
    for (let i = 1; i < versions.length; i++) {
      if (expectationOf(versions[i].spec, item) !== want) break;
      start = versions[i];
    }
    return { version: start.version, at: start.createdAt };
  });
}

/** Items whose run reaches the oldest version given: only an older version can move their start. */
export function openItems(versions: readonly SpecVersionPoint[], starts: readonly (SpecRunStart | null)[]): number[] {
  const oldest = versions[versions.length - 1]?.version;
  return starts.flatMap((s, i) => (s !== null && s.version === oldest ? [i] : []));
}

/**
 * Since when the host has differed from the current spec on an item: the later of the carried-since time and
 * the spec run's start, with the version in force then (the run's first version, or the newest version of the
 * run saved before the host got the item). Null when the carried-since time or the run (no versions) is unknown.
 */
export function differsSince(
  carried: Date | null,
  run: SpecRunStart | null,
  versionsNewestFirst: readonly Pick<SpecVersionPoint, "version" | "createdAt">[] = [],
): SpecRunStart | null {
  if (carried === null || run === null) return null;
  if (carried.getTime() <= run.at.getTime()) return run;
  // The host got the item later than the spec's run began: the version in force at that moment.
  const inForce = versionsNewestFirst.find((v) => v.version >= run.version && v.createdAt.getTime() <= carried.getTime());
  return { version: inForce?.version ?? run.version, at: carried };
}

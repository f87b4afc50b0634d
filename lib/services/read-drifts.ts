import "server-only";
// The drift of a fleet's new fingerprints against its spec: each one that has the fleet's reference's packages on
// the same OS and differs from it in a few config files is judged from that difference (read-members.ts finds it;
// lib/core/drift-diff.ts holds it equal to the whole comparison), the others whole. With a captured spec (every
// package and file pinned) the whole comparison is ~0.5 ms of CPU per fingerprint; the difference, microseconds.
import type { DbOrTx } from "@/db/client";
import { computeDrift } from "@/lib/core/drift";
import { driftBase, driftOfDiff, type DriftBase } from "@/lib/core/drift-diff";
import type { DriftItem, Spec } from "@/lib/core/types";
import { configsCollectedOf } from "./configs-not-collected";
import { fingerprintsOfRefs, loadFingerprintRefs, type FingerprintRefs } from "./fingerprint-store";
import { readDifferences, type Reference } from "./read-members";

/** The reference's drift against `spec` at `now`, or null (no reference, or one that holds a path twice). */
export function driftReference(ref: Reference | null, spec: Spec, now: Date): { ref: Reference; base: DriftBase } | null {
  const base = ref ? driftBase(ref.fingerprint, spec, now) : null;
  return base ? { ref: ref!, base } : null;
}

/** The drift of each of `hashes` against `spec` as of `now`, or null for a hash that is not stored. */
export async function readDrifts(db: DbOrTx, fleetId: number, hashes: readonly string[], spec: Spec, against: ReturnType<typeof driftReference>, now: Date): Promise<(DriftItem[] | null)[]> {
  const byHash = new Map<string, DriftItem[]>();
  // Same package items, OS and architecture: the same package drift. Entries of its own: its configs were collected.
  const os = against?.ref.refs.os;
  const alike = (row: FingerprintRefs) => row.configIds.length > 0 && row.os.id === os?.id && row.os.versionId === os.versionId && row.os.arch === os.arch;
  const { diffs, whole } = await readDifferences(db, await loadFingerprintRefs(db, hashes), against?.ref ?? null, alike);
  for (const { row, added, removed } of diffs) {
    const drift = driftOfDiff(against!.base, added, removed);
    if (drift) byHash.set(row.hash, drift);
    else whole.push(row);
  }
  if (whole.length > 0) {
    const contents = await fingerprintsOfRefs(db, whole);
    const collected = await configsCollectedOf(db, fleetId, contents);
    for (const [hash, fp] of contents) byHash.set(hash, computeDrift(fp, spec, now, { configsCollected: collected(hash) }));
  }
  return hashes.map((h) => byHash.get(h) ?? null);
}

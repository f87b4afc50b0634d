import "server-only";
// Fingerprints as the analysis counts and scores them: each one that has the reference's packages and differs from
// it in a few config files is read as that difference (its item ids against the reference's, then only the
// entries that differ), the others whole. A 50,000-host herd is ~25,000 such fingerprints of ~2,000 items each.
import type { DbOrTx } from "@/db/client";
import { diffIds, sameIds } from "@/lib/core/id-deltas";
import { isComparedPath, prepareMember, type PreparedMember } from "@/lib/core/snowflake";
import { diffMember, type DiffMember } from "@/lib/core/snowflake-diff";
import type { ConfigEntry, Fingerprint } from "@/lib/core/types";
import { configEntriesOf, fingerprintsOfRefs, loadFingerprintRefs, type FingerprintRefs } from "./fingerprint-store";

export type Member = PreparedMember | DiffMember;

/** The fingerprint others are read against, with its item ids and its entries by id. */
export interface Reference {
  refs: FingerprintRefs;
  /** Whole, its items in the order of their ids (the drift's base: read-drifts.ts). */
  fingerprint: Fingerprint;
  prepared: PreparedMember;
  entryById: Map<number, ConfigEntry>;
}

/** A stored fingerprint as the reference's item ids with a few config entries in or out. */
export interface Difference {
  row: FingerprintRefs;
  added: ConfigEntry[];
  /** The reference's own entry objects. */
  removed: ConfigEntry[];
}

/** Past this many differing config items a fingerprint is read whole (the difference would cost as much). */
const DIFF_LIMIT = 256;
/** Counting and scoring index a fingerprint by package key and path: they need its items, not their order. */
const UNORDERED = { inOrder: false };

export const isDiff = (m: Member): m is DiffMember => "base" in m;
export const hashOf = (m: Member) => (isDiff(m) ? m.hash : m.member.hash);
/** Config entries the fingerprint has (zero: its source may not report files; configs-not-collected.ts). */
export const configCountOf = (m: Member) => (isDiff(m) ? m.configCount : m.member.fingerprint.configs.length);

/** The stored fingerprint `hash` as a reference, or null (not stored, or a path it holds twice: then none can say which entry a member drops). */
export async function readReference(db: DbOrTx, hash: string): Promise<Reference | null> {
  const [refs] = await loadFingerprintRefs(db, [hash]);
  if (!refs) return null;
  const fp = (await fingerprintsOfRefs(db, [refs], UNORDERED)).get(hash)!;
  const prepared = prepareMember(hash, fp);
  if (prepared.configs.size !== fp.configs.filter((e) => isComparedPath(e.path)).length) return null;
  // Unordered, the entries come in the order of their ids.
  return { refs, fingerprint: fp, prepared, entryById: new Map(refs.configIds.map((id, i) => [id, fp.configs[i]])) };
}

/**
 * `rows` split into those read as a difference from `ref` (the reference's packages, `alike` to it, ≤ DIFF_LIMIT
 * config items apart; the added entries of all of them in one read of what the cache lacks) and those to read whole.
 */
export async function readDifferences(db: DbOrTx, rows: readonly FingerprintRefs[], ref: Reference | null, alike: (row: FingerprintRefs) => boolean) {
  const whole: FingerprintRefs[] = [];
  const found: { row: FingerprintRefs; added: number[]; removed: number[] }[] = [];
  for (const row of rows) {
    const d = ref && alike(row) && sameIds(row.packageIds, ref.refs.packageIds) ? diffIds(row.configIds, ref.refs.configIds, DIFF_LIMIT) : null;
    if (d) found.push({ row, ...d });
    else whole.push(row);
  }
  const entries = found.length > 0 ? await configEntriesOf(db, found.flatMap((d) => d.added)) : [];
  let at = 0;
  const diffs: Difference[] = found.map(({ row, added, removed }) => ({ row, added: entries.slice(at, (at += added.length)), removed: removed.map((id) => ref!.entryById.get(id)!) }));
  return { diffs, whole };
}

/** The stored fingerprints of `hashes`, each against `ref` where it can be, else whole; missing hashes are left out. */
export async function readMembers(db: DbOrTx, hashes: readonly string[], ref: Reference | null): Promise<Member[]> {
  const out: Member[] = [];
  const { diffs, whole } = await readDifferences(db, await loadFingerprintRefs(db, hashes), ref, (row) => row.os.arch === ref!.refs.os.arch);
  for (const { row, added, removed } of diffs) {
    const m = diffMember(row.hash, ref!.prepared, added, removed, row.configIds.length);
    if (m) out.push(m);
    else whole.push(row);
  }
  for (const [hash, fp] of await fingerprintsOfRefs(db, whole, UNORDERED)) out.push(prepareMember(hash, fp));
  return out;
}

import "server-only";
// Which config contents the server asks a host for (issue 9): the sha256 of the regular files its fingerprint
// lists that no host has sent yet, at most WANT_LIMIT. Asked per distinct fingerprint, not per host (content is
// stored by sha256, any host carrying the fingerprint can send it), and remembered in this process: a fingerprint
// whose contents are all here is never asked about again, and one still owing content (a file no host may send:
// not world-readable, --no-content) at most once per ASK_EVERY_MS. So an unchanged check-in costs no query but
// the first of each hour per fingerprint, and none at all in a fleet that does not collect content. Nearly every
// fingerprint owes some file for good (/etc/sudoers is 0440), so that hourly look must stay light: a fingerprint's
// files never change and stored content is never deleted, so what it still owes is remembered (when short) and
// only those hashes are looked up again, without reading the fingerprint back. And a fleet's fingerprints share
// nearly all their files: each content hash looked up is remembered for the hour too, so a new fingerprint costs
// the lookup of what is new in it, not of its thousand files (a herd of first reports asked for every one).
//
// On the embedded database this process is the only writer (the data-folder lock), so the hashes stored are read
// once and then known: a hash new to it is missing without a query (a herd's fingerprints each bring a file of their
// own, and looking it up was a statement per report, ~5% of the server's CPU for a 10,000-host herd).
import { sql } from "drizzle-orm";
import { driverOf, rowsOf, type Db } from "@/db/client";
import { pgArray } from "@/db/sql-array";
import { WANT_LIMIT } from "@/lib/core/config-content";
import { askableHashes, detached, type FingerprintContent } from "@/lib/core/fingerprint-content";
import { loadFingerprint } from "./fingerprint-store";
import { perHandle } from "./per-handle";

const ASK_EVERY_MS = 60 * 60 * 1000;
const MEMORY_LIMIT = 100_000;
/** Content hashes remembered (~150 bytes each); past this the memory starts again (a lookup more, no wrong answer). */
const HASH_MEMORY_LIMIT = 500_000;

interface Asked {
  at: number;
  /** What the fingerprint still owed at `at`, in asking order; null when too long to keep (read it again). */
  missing: string[] | null;
}
interface Memory {
  asked: Map<string, Asked>;
  /** Content hash → when it was last found missing; Infinity once stored (stored content is never deleted). */
  checked: Map<string, number>;
  /** Every stored hash is in `checked` (embedded database only): a hash it does not hold as stored is missing. */
  complete: boolean;
  /** The read of every stored hash, while it runs; `tooMany` once the hashes were found too many to hold. */
  loading?: Promise<void>;
  tooMany?: boolean;
}
const memoryOf = perHandle<Memory>("__fleetprintAsked", () => ({ asked: new Map(), checked: new Map(), complete: false }));

/** On the embedded database, reads every stored hash once (unless there are more than the memory keeps). */
async function knowStored(db: Db, memory: Memory): Promise<void> {
  if (memory.complete || memory.tooMany || driverOf(db) !== "pglite") return;
  memory.loading ??= (async () => {
    // One read, one row past what it would keep: that row says the table is too large to hold.
    const rows = rowsOf<{ sha256: string }>(await db.execute(sql`select sha256 from config_contents limit ${HASH_MEMORY_LIMIT / 2 + 1}`));
    if (rows.length > HASH_MEMORY_LIMIT / 2) {
      memory.tooMany = true;
      return;
    }
    if (memory.checked.size + rows.length > HASH_MEMORY_LIMIT) memory.checked.clear();
    for (const r of rows) memory.checked.set(r.sha256, Infinity);
    // Content stored while the read ran was noted as stored by its writer (noteContentsStored).
    memory.complete = true;
  })().finally(() => (memory.loading = undefined));
  await memory.loading;
}

/** Of `hashes`, those whose content is stored. */
export async function storedContents(db: Db, hashes: readonly string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const rows = rowsOf<{ sha256: string }>(await db.execute(sql`select sha256 from config_contents where sha256 = any(${pgArray(hashes, "text")})`));
  return new Set(rows.map((r) => r.sha256));
}

/**
 * The hashes to put in a host's answer as wantContent: when this fingerprint was not asked about in the last hour
 * (a fingerprint new to this process always is), or at once when `fresh`. `fingerprint`: its content when the
 * caller has it in hand (a report just parsed), so it is not read back.
 */
export async function wantContent(
  db: Db,
  host: { collectContent?: boolean; fingerprintHash: string | null },
  { fresh = false, now = Date.now(), fingerprint = null }: { fresh?: boolean; now?: number; fingerprint?: FingerprintContent | null } = {},
): Promise<string[]> {
  const hash = host.fingerprintHash;
  if (!host.collectContent || !hash) return [];
  const memory = memoryOf(db);
  const asked = memory.asked.get(hash);
  if (asked?.missing?.length === 0 || (asked && !fresh && now - asked.at < ASK_EVERY_MS)) return [];
  let owed = asked?.missing;
  if (!owed) {
    if (fingerprint) owed = fingerprint.askable;
    else {
      const fp = await loadFingerprint(db, hash);
      if (!fp) return [];
      owed = askableHashes(fp.configs);
    }
  }
  await knowStored(db, memory);
  const missing = await stillMissing(db, memory, owed, now, fresh);
  if (memory.asked.size >= MEMORY_LIMIT) memory.asked.clear();
  memory.asked.set(hash, { at: now, missing: missing.length <= WANT_LIMIT ? missing : null });
  return missing.slice(0, WANT_LIMIT);
}

/**
 * Of `owed`, in order, the hashes without stored content, up to WANT_LIMIT + 1 (one more says the list goes on):
 * only those not looked up in the last hour are looked up (all when `fresh`), and the scan stops there. A herd's
 * new fingerprints owe ~1,000 files each, nearly all the same ones and none stored yet: each costs ~200 lookups
 * in memory, not 1,000 and a query.
 */
async function stillMissing(db: Db, memory: Memory, owed: readonly string[], now: number, fresh: boolean): Promise<string[]> {
  const checked = memory.checked;
  const missing: string[] = [];
  let i = 0;
  while (i < owed.length && missing.length <= WANT_LIMIT) {
    // Enough open hashes to fill the answer if all are missing; those not known for the hour are looked up.
    const open: string[] = [];
    const unknown: string[] = [];
    while (i < owed.length && missing.length + open.length <= WANT_LIMIT) {
      const h = owed[i++];
      const at = checked.get(h);
      if (at === Infinity) continue;
      open.push(h);
      if (fresh || at === undefined || now - at >= ASK_EVERY_MS) unknown.push(h);
    }
    const stored = memory.complete ? NOTHING : await storedContents(db, unknown);
    if (checked.size + unknown.length > HASH_MEMORY_LIMIT) {
      // Past the limit the memory starts again and no longer holds every stored hash; reading them all again would
      // overflow it again, so from now on hashes are looked up (as when the table was too large from the start).
      checked.clear();
      memory.complete = false;
      memory.tooMany = true;
    }
    // Detached: the hashes are views into the report's list of them (lib/core/fingerprint-content.ts).
    for (const h of unknown) checked.set(detached(h), stored.has(h) ? Infinity : now);
    // An upload may have stored some meanwhile (noteStored): those are not asked for.
    for (const h of open) if (!stored.has(h) && checked.get(h) !== Infinity) missing.push(detached(h));
  }
  return missing;
}

const NOTHING: ReadonlySet<string> = new Set();

/** Content just stored (store-contents.ts insertContents, whoever calls it): known as stored from now on. */
export function noteContentsStored(db: Db, hashes: readonly string[]) {
  const memory = memoryOf(db);
  for (const h of hashes) memory.checked.set(h, Infinity);
}

/** After an upload: the next answer for this fingerprint looks again (the rest of a long list, or nothing). */
export function noteStored(db: Db, fingerprintHash: string) {
  const memory = memoryOf(db);
  const asked = memory.asked.get(fingerprintHash);
  if (asked) asked.at = 0;
}

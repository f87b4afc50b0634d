import "server-only";
// Group commit for changed reports. A herd of first reports (after a deploy, an outage or a new fleet) is many
// hosts changing at once; written one by one, each costs a handful of statements, and on the embedded database
// every statement is planned and run on the one thread that also serves requests. Queued here, the reports that
// arrive while a batch is being written go together in the next one: their fingerprints in one insert, their
// hosts, history and fleet revisions in one statement. Nobody waits for a timer: an idle server writes a lone
// report at once, a busy one writes bigger batches. Each caller still gets its answer only after its change is
// committed, so a 202 always means stored.
import { sql } from "drizzle-orm";
import { rowsOf, type Db, type DbOrTx } from "@/db/client";
import { pgArray } from "@/db/sql-array";
import type { FingerprintContent } from "@/lib/core/fingerprint-content";
import type { CollectorError } from "@/lib/core/types";
import { isUniqueViolation } from "@/db/pg-error";
import { fingerprintRowParams, newFingerprintRows, stagedItemParams, type NewFingerprints } from "./fingerprint-store";
import { groupCommit, type Settled } from "./group-commit";
import { noteChange } from "./change-clock";

export interface HostChange {
  hostId: number;
  hash: string;
  /** null: stored already (a host accepted by its content digest). */
  fingerprint: FingerprintContent | null;
  digest: string | null;
  /** A content digest checked against the report: stored with the change, naming `hash` for other hosts. */
  content?: string | null;
  machineId: string | null;
  at: Date;
  /** What the report's collector could not read; null clears what the host had. */
  collectorErrors?: CollectorError[] | null;
}

/** `changed` false: the host already carried this content (a racing report of the same host won). */
export interface ChangeOutcome {
  changed: boolean;
  previous: string | null;
}

const hostKey = (hostId: number) => String(hostId);

/** A change of this host will likely be queued soon (its report is being read): batches wait for it (group-commit.ts). */
export const expectChange = (db: Db, hostId: number) => recordChange.expect(db, hostKey(hostId));

/** Queues one host's changed report; resolves once it is committed (in a batch with whatever else is waiting). */
export const recordChange = groupCommit<HostChange, ChangeOutcome>({
  name: "changes",
  max: 64,
  // Reports being read (machine-api.ts expects them) join the batch: a parse thread reads one in ~2 ms.
  lingerMs: 20,
  // One per host: a second report of a host waits for the next batch, in order.
  keys: (c) => [hostKey(c.hostId)],
  write: async (db, changes) => {
    const out = await storeAndWrite(db, changes);
    return changes.map((c) => out.get(c.hostId)!);
  },
  // One bad report (or a deadlock between instances on PostgreSQL) must not fail the others: each alone.
  fallback: async (db, changes) => {
    const each: Settled<ChangeOutcome>[] = [];
    for (const c of changes) {
      try {
        each.push({ ok: true, value: (await storeAndWrite(db, [c])).get(c.hostId)! });
      } catch (error) {
        each.push({ ok: false, error });
      }
    }
    return each;
  },
});

async function storeAndWrite(db: Db, changes: HostChange[]) {
  const fps = changes.flatMap((c) => (c.fingerprint ? [{ hash: c.hash, content: c.fingerprint }] : []));
  // A few new items go in the changes' statement (fingerprint-store.ts Staged); one stored meanwhile by another
  // writer fails that statement whole, and the batch is written again with its items inserted first.
  try {
    return await storeAndWriteOnce(db, changes, fps, true);
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return storeAndWriteOnce(db, changes, fps, false);
  }
}

async function storeAndWriteOnce(db: Db, changes: HostChange[], fps: Parameters<typeof newFingerprintRows>[1], stage: boolean) {
  // The new fingerprints' items first (their ids go in the rows), then their rows and the changes in one statement.
  const fresh = await newFingerprintRows(db, fps, { stage });
  const out = await writeChanges(db, changes, fresh ?? undefined);
  fresh?.stored();
  return out;
}

/**
 * Writes changes of distinct hosts whose fingerprints are stored (or are in `fresh`, inserted first in the same
 * statement with their staged items): one statement that gives each host its new fingerprint only if the stored
 * one differs (its locked row says what it replaced), records the history, keeps checked content digests and moves
 * each fleet's revision once (which tells the worker there is work). It is the function fleetprint_write_changes
 * (migrations 0017, 0019; fleetprint_store_and_write_changes, 0021, with rows; fleetprint_store_items_and_write_changes,
 * 0023, with staged items too), so its plan is made once per connection, not for every batch. Atomic on its own, or
 * part of the caller's transaction.
 */
export async function writeChanges(db: DbOrTx, changes: readonly HostChange[], fresh?: Pick<NewFingerprints, "rows" | "staged">): Promise<Map<number, ChangeOutcome>> {
  const col = <T extends string | number | null>(f: (c: HostChange) => T, type: "int" | "text" | "timestamptz") => pgArray(changes.map(f), type);
  const args = sql`${col((c) => c.hostId, "int")}, ${col((c) => c.hash, "text")}, ${col((c) => c.digest, "text")},
    ${col((c) => c.machineId, "text")}, ${col((c) => c.at.toISOString(), "timestamptz")}, ${col((c) => c.content ?? null, "text")},
    ${col((c) => (c.collectorErrors?.length ? JSON.stringify(c.collectorErrors) : null), "text")}`;
  const call = !fresh
    ? sql`fleetprint_write_changes(${args})`
    : fresh.staged
      ? sql`fleetprint_store_items_and_write_changes(${stagedItemParams(fresh.staged)}, ${fingerprintRowParams(fresh.rows)}, ${args})`
      : sql`fleetprint_store_and_write_changes(${fingerprintRowParams(fresh.rows)}, ${args})`;
  const found = rowsOf<{ id: number; previous: string | null }>(await db.execute(sql`select host_id as id, previous_hash as previous from ${call}`));
  const out = new Map<number, ChangeOutcome>(changes.map((c) => [c.hostId, { changed: false, previous: null }]));
  for (const r of found) out.set(Number(r.id), { changed: true, previous: r.previous });
  if (found.length > 0) noteChange();
  return out;
}

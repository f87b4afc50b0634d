import "server-only";
// An unchanged host's check-in only moves last_seen. Written behind, one batch per second per process (as Fleet's
// async host processing does; a large batch in a few statements, see writeInterleaved), so a check-in costs a
// lookup, not a write. A crash loses at most the last second of last_seen, never a report.
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { pgArray } from "@/db/sql-array";
import { log } from "@/lib/server/log";

interface Pending {
  seen: Map<number, Date>;
  timer: NodeJS.Timeout | null;
  flushing: Promise<void> | null;
}
const g = globalThis as unknown as { __fleetprintLastSeen?: WeakMap<Db, Pending> };
const pendings = (g.__fleetprintLastSeen ??= new WeakMap());
export const LAST_SEEN_FLUSH_MS = 1000;

export function noteSeen(db: Db, hostId: number, at: Date) {
  let p = pendings.get(db);
  if (!p) pendings.set(db, (p = { seen: new Map(), timer: null, flushing: null }));
  const prev = p.seen.get(hostId);
  if (!prev || prev < at) p.seen.set(hostId, at);
  if (!p.timer) {
    p.timer = setTimeout(() => void flushLastSeen(db).catch((e) => log.error({ err: e }, "last_seen flush failed")), LAST_SEEN_FLUSH_MS);
    p.timer.unref();
  }
}

/** Writes what is pending now (the timer calls it; shutdown and tests call it too). */
export async function flushLastSeen(db: Db): Promise<number> {
  const p = pendings.get(db);
  if (!p) return 0;
  if (p.timer) clearTimeout(p.timer);
  p.timer = null;
  await p.flushing;
  if (p.seen.size === 0) return 0;
  const batch = p.seen;
  p.seen = new Map();
  const write = writeInterleaved(db, batch)
    .then(
      () => undefined,
      (e: unknown) => {
        // Nothing is lost on a failed write: the batch goes back, newer times win.
        for (const [id, at] of batch) if (!p.seen.has(id) || p.seen.get(id)! < at) p.seen.set(id, at);
        throw e;
      },
    );
  // Only a gate for the next flush: its failure is this call's to report, never an unhandled rejection.
  p.flushing = write.catch(() => undefined).finally(() => (p.flushing = null));
  await write;
  return batch.size;
}

/**
 * A batch that rewrites every row of a heap page in one statement cannot keep the new versions on that page (they
 * need room for all of them at once, and the old ones are only freed once the statement commits), so it moves most
 * rows to new pages and adds an entry to each of the host indexes for each: a herd's check-ins grew `hosts` and its
 * indexes by ~0.5 KiB per host. Rows enrolled together sit on the same pages in id order, so a large batch is
 * written as LAST_SEEN_STRIDE statements that each take every k-th id: each touches a few rows per page, which fit
 * in the room the table's fillfactor keeps (migration 0018), and the next statement finds the versions the last one
 * replaced pruned. Each statement only moves last_seen forward, so a batch written twice changes nothing.
 */
const LAST_SEEN_STRIDE = 8;
const STRIDE_FROM = 64;

async function writeInterleaved(db: Db, batch: Map<number, Date>) {
  const ids = [...batch.keys()].sort((a, b) => a - b);
  const stride = ids.length >= STRIDE_FROM ? LAST_SEEN_STRIDE : 1;
  for (let k = 0; k < stride; k++) {
    const part = ids.filter((_, i) => i % stride === k);
    const ats = part.map((id) => batch.get(id)!.toISOString());
    // Reporting again re-arms the not-reporting alert (lib/services/sweep-not-reporting): same statement, no extra query.
    await db.execute(sql`update hosts set last_seen = v.at, not_reporting_since = null from unnest(${pgArray(part, "int")}, ${pgArray(ats, "timestamptz")}) as v(id, at)
      where hosts.id = v.id and (hosts.last_seen is null or hosts.last_seen < v.at)`);
  }
}

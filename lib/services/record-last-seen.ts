import "server-only";
// An unchanged host's check-in only moves last_seen. Written behind, in one statement per second per process
// (as Fleet's async host processing does), so a check-in costs a lookup, not a write. A crash loses at most
// the last second of last_seen, never a report.
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
  const ids = [...batch.keys()];
  const ats = ids.map((id) => batch.get(id)!.toISOString());
  const write = db
    // Reporting again re-arms the not-reporting alert (lib/services/sweep-not-reporting): same statement, no extra query.
    .execute(sql`update hosts set last_seen = v.at, not_reporting_since = null from unnest(${pgArray(ids, "int")}, ${pgArray(ats, "timestamptz")}) as v(id, at)
      where hosts.id = v.id and (hosts.last_seen is null or hosts.last_seen < v.at)`)
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
  return ids.length;
}

import "server-only";
// Group commit: callers hand one item each and wait for its result; the items that arrive while a batch is being
// written go together in the next one. Nobody waits for a timer: an idle server writes a lone item at once, a busy
// one writes bigger batches. On the embedded database every statement is a commit on the thread that also serves
// requests, so a herd (first reports, enrolments) costs a few statements per batch instead of a few per item.
import type { Db } from "@/db/client";

export interface GroupCommitOptions<I, O> {
  /** Names the queue (one per database handle and name, kept on globalThis across hot reloads). */
  name: string;
  max: number;
  /** Items sharing a key never share a batch: each is decided after the other's write (a host, a hostname). */
  keys: (item: I) => string[];
  /** Writes a batch; one result per item, in order. */
  write: (db: Db, items: I[]) => Promise<O[]>;
  /** When the batch write fails: each item's result or error (say, written one by one). */
  fallback: (db: Db, items: I[], error: unknown) => Promise<Settled<O>[]>;
}

export type Settled<O> = { ok: true; value: O } | { ok: false; error: unknown };

interface Waiter<I, O> {
  item: I;
  resolve: (o: O) => void;
  reject: (e: unknown) => void;
}
interface Queue<I, O> {
  waiting: Waiter<I, O>[];
  running: boolean;
}

const g = globalThis as unknown as { __fleetprintGroupCommits?: Map<string, WeakMap<object, Queue<unknown, unknown>>> };
const all = (g.__fleetprintGroupCommits ??= new Map());

/** A function that queues one item and resolves with its result once its batch is committed. */
export function groupCommit<I, O>(o: GroupCommitOptions<I, O>): (db: Db, item: I) => Promise<O> {
  if (!all.has(o.name)) all.set(o.name, new WeakMap());
  const queues = all.get(o.name)! as WeakMap<object, Queue<I, O>>;
  return (db, item) => {
    let q = queues.get(db);
    if (!q) queues.set(db, (q = { waiting: [], running: false }));
    const queue = q;
    return new Promise<O>((resolve, reject) => {
      queue.waiting.push({ item, resolve, reject });
      if (!queue.running) {
        queue.running = true;
        // After the current turn: items queued in it join the first batch.
        setImmediate(() => void drain(db, queue, o));
      }
    });
  };
}

function take<I, O>(q: Queue<I, O>, o: GroupCommitOptions<I, O>): Waiter<I, O>[] {
  const batch: Waiter<I, O>[] = [];
  const seen = new Set<string>();
  const rest: Waiter<I, O>[] = [];
  for (const w of q.waiting) {
    const keys = o.keys(w.item);
    if (batch.length < o.max && !keys.some((k) => seen.has(k))) {
      keys.forEach((k) => seen.add(k));
      batch.push(w);
    } else rest.push(w);
  }
  q.waiting = rest;
  return batch;
}

async function drain<I, O>(db: Db, q: Queue<I, O>, o: GroupCommitOptions<I, O>) {
  try {
    while (q.waiting.length) {
      const batch = take(q, o);
      const items = batch.map((w) => w.item);
      try {
        const out = await o.write(db, items);
        batch.forEach((w, i) => w.resolve(out[i]));
      } catch (e) {
        const each = await o.fallback(db, items, e).catch((error: unknown) => items.map((): Settled<O> => ({ ok: false, error })));
        batch.forEach((w, i) => {
          const r = each[i];
          if (r.ok) w.resolve(r.value);
          else w.reject(r.error);
        });
      }
    }
  } finally {
    q.running = false;
  }
}

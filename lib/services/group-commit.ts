import "server-only";
// Group commit: callers hand one item each and wait for its result; the items that arrive while a batch is being
// written go together in the next one. Nobody waits for a timer: an idle server writes a lone item at once, a busy
// one writes bigger batches. On the embedded database every statement is a commit on the thread that also serves
// requests, so a herd (first reports, enrolments) costs a few statements per batch instead of a few per item.
// A caller that will queue an item soon (a report whose body a parse thread is reading) can say so (`expect`): a
// batch then waits for those items, at most `lingerMs`, as PostgreSQL's commit_delay waits for commit_siblings. A
// write runs on this thread without giving way, so without it a busy server wrote batches of one or two reports
// (a 10,000-host herd: ~5,000 statements of each kind), each statement's fixed cost paid for one host.
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
  /** Longest a batch waits for expected items (`expect`); 0 or absent: it never waits. */
  lingerMs?: number;
}

/** Queues one item and resolves with its result once its batch is committed. */
export interface GroupCommit<I, O> {
  (db: Db, item: I): Promise<O>;
  /**
   * An item with key `key` will be queued soon: batches wait for it (at most lingerMs) until it is queued or the
   * returned function is called (call it when the caller is done either way; calling it again does nothing).
   */
  expect(db: Db, key: string): () => void;
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
  /** Announcements of items not yet queued, per key, oldest first (one host may have two reports in flight). */
  expected: Map<string, Announced[]>;
  /** Wakes a lingering batch (an item queued, an announcement withdrawn). */
  wake: (() => void) | null;
}

/** One `expect`: withdrawn by the first item of its key queued after it, or by its caller. */
interface Announced {
  withdrawn: boolean;
}

const g = globalThis as unknown as { __fleetprintGroupCommits?: Map<string, WeakMap<object, Queue<unknown, unknown>>> };
const all = (g.__fleetprintGroupCommits ??= new Map());

/** A function that queues one item and resolves with its result once its batch is committed. */
export function groupCommit<I, O>(o: GroupCommitOptions<I, O>): GroupCommit<I, O> {
  if (!all.has(o.name)) all.set(o.name, new WeakMap());
  const queues = all.get(o.name)! as WeakMap<object, Queue<I, O>>;
  const queueOf = (db: Db) => {
    let q = queues.get(db);
    if (!q) queues.set(db, (q = { waiting: [], running: false, expected: new Map(), wake: null }));
    return q;
  };
  const commit = (db: Db, item: I) => {
    const queue = queueOf(db);
    for (const k of o.keys(item)) withdraw(queue, k, queue.expected.get(k)?.[0]);
    return new Promise<O>((resolve, reject) => {
      queue.waiting.push({ item, resolve, reject });
      queue.wake?.();
      if (!queue.running) {
        queue.running = true;
        // After the current turn: items queued in it join the first batch.
        setImmediate(() => void drain(db, queue, o));
      }
    });
  };
  commit.expect = (db: Db, key: string) => {
    if (!o.lingerMs) return () => {};
    const queue = queueOf(db);
    const a: Announced = { withdrawn: false };
    queue.expected.set(key, [...(queue.expected.get(key) ?? []), a]);
    return () => {
      withdraw(queue, key, a);
      queue.wake?.();
    };
  };
  return commit;
}

function withdraw<I, O>(q: Queue<I, O>, key: string, a: Announced | undefined) {
  if (!a || a.withdrawn) return;
  a.withdrawn = true;
  const left = q.expected.get(key)!.filter((x) => x !== a);
  if (left.length) q.expected.set(key, left);
  else q.expected.delete(key);
}

/** Until no announced item is missing from the queue, the batch is full, or lingerMs passed. */
async function linger<I, O>(q: Queue<I, O>, o: GroupCommitOptions<I, O>) {
  if (!o.lingerMs) return;
  const until = performance.now() + o.lingerMs;
  for (;;) {
    const left = until - performance.now();
    if (q.expected.size === 0 || q.waiting.length >= o.max || left <= 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, left);
      function done() {
        clearTimeout(timer);
        q.wake = null;
        resolve();
      }
      q.wake = done;
    });
  }
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
      await linger(q, o);
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

import "server-only";
// Who a host key belongs to, remembered in memory so an unchanged check-in costs no database query. Only on the
// embedded PGlite, where this process is the only writer (the data-folder lock); with PostgreSQL several
// instances write and every check-in reads the database (one indexed lookup, cheap there).
//
// Coherence rule: every write that changes what authenticateHost returns (a new key, fingerprint or digest, a
// rebuild starting to wait for verification, a revoked key or deleted host) calls forgetHostAuth() right after
// it commits. A lookup that raced with such a write is not remembered (the generation moved).
import type { Db } from "@/db/client";

interface Cache<T> {
  /** Moves when every entry is forgotten. */
  generation: number;
  /** Per key: moves when that key's entry is forgotten. */
  versions: Map<string, number>;
  entries: Map<string, T>;
}
const LIMIT = 200_000;
const g = globalThis as unknown as { __fleetprintHostAuth?: WeakMap<object, Cache<unknown>> };
const caches = (g.__fleetprintHostAuth ??= new WeakMap());

function cacheOf<T>(db: Db): Cache<T> {
  let c = caches.get(db);
  if (!c) caches.set(db, (c = { generation: 0, versions: new Map(), entries: new Map() }));
  return c as Cache<T>;
}

/** Taken before reading or writing a host: remembering with a stale stamp is refused. */
export function hostAuthStamp(db: Db, keyHash: string): string {
  const c = cacheOf(db);
  return `${c.generation}:${c.versions.get(keyHash) ?? 0}`;
}

export function cachedHostAuth<T>(db: Db, keyHash: string): T | undefined {
  return cacheOf<T>(db).entries.get(keyHash);
}

/** Remembers `value` unless the key (or everything) was forgotten since `stamp` was taken. */
export function rememberHostAuth<T>(db: Db, keyHash: string, value: T, stamp: string): boolean {
  const c = cacheOf<T>(db);
  if (hostAuthStamp(db, keyHash) !== stamp) return false;
  if (c.entries.size >= LIMIT || c.versions.size >= LIMIT) forgetHostAuth(db);
  c.entries.set(keyHash, value);
  return true;
}

/** Drops one key's entry, or every entry (rare events: a rebuild waiting, a re-enrolment, a revocation). */
export function forgetHostAuth(db: Db, keyHash?: string) {
  const c = caches.get(db);
  if (!c) return;
  if (keyHash === undefined) {
    c.generation++;
    c.entries.clear();
    c.versions.clear();
  } else {
    c.versions.set(keyHash, (c.versions.get(keyHash) ?? 0) + 1);
    c.entries.delete(keyHash);
  }
}

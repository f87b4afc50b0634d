// Who a host key belongs to, remembered in memory so an unchanged check-in costs no database query. Only on the
// embedded PGlite, where this process is the only writer (the data-folder lock); with PostgreSQL several
// instances write and every check-in reads the database (one indexed lookup, cheap there).
//
// Coherence rule: every write that changes what authenticateHost returns (a new key, fingerprint or digest, a
// rebuild starting to wait for verification, a revoked key or deleted host) calls forgetHostAuth() right after
// it commits. A lookup that raced with such a write is not remembered (the generation moved).
import type { Db } from "@/db/client";

interface Cache<T> {
  generation: number;
  entries: Map<string, T>;
}
const LIMIT = 200_000;
const g = globalThis as unknown as { __fleetprintHostAuth?: WeakMap<object, Cache<unknown>> };
const caches = (g.__fleetprintHostAuth ??= new WeakMap());

function cacheOf<T>(db: Db): Cache<T> {
  let c = caches.get(db);
  if (!c) caches.set(db, (c = { generation: 0, entries: new Map() }));
  return c as Cache<T>;
}

export const hostAuthGeneration = (db: Db) => cacheOf(db).generation;

export function cachedHostAuth<T>(db: Db, keyHash: string): T | undefined {
  return cacheOf<T>(db).entries.get(keyHash);
}

export function rememberHostAuth<T>(db: Db, keyHash: string, value: T, generation: number) {
  const c = cacheOf<T>(db);
  if (c.generation !== generation) return;
  if (c.entries.size >= LIMIT) c.entries.clear();
  c.entries.set(keyHash, value);
}

/** Drops one key's entry, or every entry (rare events: a rebuild waiting, a re-enrolment, a revocation). */
export function forgetHostAuth(db: Db, keyHash?: string) {
  const c = caches.get(db);
  if (!c) return;
  c.generation++;
  if (keyHash === undefined) c.entries.clear();
  else c.entries.delete(keyHash);
}

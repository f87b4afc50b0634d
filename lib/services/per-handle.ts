import "server-only";

/**
 * A value per database handle, kept on globalThis under `name` (so Next's separately bundled routes and the
 * worker share it): tests open PGlite and PostgreSQL in one process, and their fleet ids overlap, so what a
 * process remembers per fleet is remembered per handle too. `make` builds the value on a handle's first use.
 */
export function perHandle<V>(name: string, make: () => V): ((db: object) => V) & { forget: (db: object) => void } {
  const g = globalThis as unknown as Record<string, WeakMap<object, V> | undefined>;
  const all = (g[name] ??= new WeakMap());
  const get = (db: object) => {
    let v = all.get(db);
    if (v === undefined) all.set(db, (v = make()));
    return v;
  };
  /** Drops what was kept for `db` (tests that rewrite the database behind the process). */
  return Object.assign(get, { forget: (db: object) => void all.delete(db) });
}

import "server-only";

/**
 * A value per database handle, kept on globalThis under `name` (so Next's separately bundled routes and the
 * worker share it): tests open PGlite and PostgreSQL in one process, and their fleet ids overlap, so what a
 * process remembers per fleet is remembered per handle too. `make` builds the value on a handle's first use.
 */
export function perHandle<V>(name: string, make: () => V): (db: object) => V {
  const g = globalThis as unknown as Record<string, WeakMap<object, V> | undefined>;
  const all = (g[name] ??= new WeakMap());
  return (db) => {
    let v = all.get(db);
    if (v === undefined) all.set(db, (v = make()));
    return v;
  };
}

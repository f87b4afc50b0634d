// drizzle hands PGlite the same nine "leave it a string" parsers (dates, intervals, numeric and date arrays) with
// every query; PGlite then copies its own parser map (one entry per type and array type, a few hundred) to merge
// them in, which cost ~0.1 ms of CPU per query on this machine (half a point lookup), on the one thread that
// serves every request. Installed once in the client's map instead, the per-query option can be dropped: the
// parsing is the same, the copy is gone.
import { types, type PGlite, type Transaction } from "@electric-sql/pglite";

const keep = (value: string) => value;

/** The parsers drizzle-orm/pglite passes with each query (its session.js), as PGlite's defaults. */
export const DRIZZLE_PARSERS: Record<number, (value: string) => string> = {
  [types.TIMESTAMP]: keep,
  [types.TIMESTAMPTZ]: keep,
  [types.INTERVAL]: keep,
  [types.DATE]: keep,
  1231: keep, // numeric[]
  1115: keep, // timestamp[]
  1185: keep, // timestamptz[]
  1187: keep, // interval[]
  1182: keep, // date[]
};

type Query = PGlite["query"];
type QueryOptions = NonNullable<Parameters<Query>[2]>;

/** The options without drizzle's parsers when they are exactly the ones the client already has. */
export function withoutDefaultParsers(options: QueryOptions | undefined): QueryOptions | undefined {
  const parsers = options?.parsers;
  if (!parsers) return options;
  const keys = Object.keys(parsers);
  if (keys.length !== Object.keys(DRIZZLE_PARSERS).length || !keys.every((k) => k in DRIZZLE_PARSERS)) return options;
  // Every parser drizzle sends returns its input: same result as the client's own identity parser for that type.
  const rest = { ...options };
  delete rest.parsers;
  return rest;
}

/** A view of `target` (the client or a transaction) whose query() drops the redundant parsers, recursively for transactions. */
function lean<T extends PGlite | Transaction>(target: T): T {
  return new Proxy(target, {
    get(t, prop) {
      if (prop === "query") return ((q: string, params?: unknown[], options?: QueryOptions) => t.query(q, params, withoutDefaultParsers(options))) as Query;
      if (prop === "transaction" && "transaction" in t) {
        return <R>(fn: (tx: Transaction) => Promise<R>) => (t as PGlite).transaction((tx) => fn(lean(tx)));
      }
      const v = Reflect.get(t, prop, t);
      // PGlite's methods use private state: they must run on the client itself, not on this view.
      return typeof v === "function" ? v.bind(t) : v;
    },
  });
}

/**
 * The client drizzle should be given: DRIZZLE_PARSERS installed in its map, queried without the per-query copy.
 * Installed after PGlite.create, not through its `parsers` option: creation fills every array type's parser after
 * reading the catalog (_initArrayTypes), over what the option gave for the four array types.
 */
export function leanClient(client: PGlite): PGlite {
  Object.assign(client.parsers, DRIZZLE_PARSERS);
  return lean(client);
}

// Where the bench fleet's bytes went, split the way issue 7's storage goals are stated: what a host costs
// (its row and history, with indexes and TOAST) and what a distinct fingerprint costs (its row, its new items,
// its per-fleet analysis). Sizes are read per table before and after; the difference is the bench fleet's.
import path from "node:path";

/** Tables whose rows grow with hosts, and with distinct fingerprints. Everything else is reported as "other". */
export const PER_HOST_TABLES = ["hosts", "host_history"];
export const PER_CONTENT_TABLES = ["fingerprints", "package_items", "config_items", "fleet_fingerprints", "fleet_item_counts", "fleet_drift_items", "content_digests"];

export type TableSizes = Map<string, number>;
type Query = (text: string) => Promise<{ name: string; size: string | number }[]>;

const SIZES_SQL = `select c.relname as name, pg_total_relation_size(c.oid) as size from pg_class c
  join pg_namespace s on s.oid = c.relnamespace where c.relkind = 'r' and s.nspname = 'public'`;

export async function tableSizes(query: Query): Promise<TableSizes> {
  return new Map((await query(SIZES_SQL)).map((r) => [r.name, Number(r.size)]));
}

/** Table sizes of a PGlite data folder (`<data dir>/pgdata`, as db/client.ts opens it) whose server is stopped. */
export async function pgliteTableSizes(dataDir: string): Promise<TableSizes> {
  const { PGlite } = await import("@electric-sql/pglite");
  const client = await PGlite.create(path.join(dataDir, "pgdata"));
  try {
    return await tableSizes(async (text) => (await client.query<{ name: string; size: string }>(text)).rows);
  } finally {
    await client.close();
  }
}

/** Bytes per host and per distinct fingerprint that the bench fleet added, from sizes before and after. */
export function storageSplit(before: TableSizes, after: TableSizes, hosts: number, distinct: number) {
  const grown = (names: string[]) => names.reduce((s, n) => s + (after.get(n) ?? 0) - (before.get(n) ?? 0), 0);
  const all = [...after.keys()];
  const other = all.filter((n) => !PER_HOST_TABLES.includes(n) && !PER_CONTENT_TABLES.includes(n));
  return { perHost: grown(PER_HOST_TABLES) / hosts, perDistinct: grown(PER_CONTENT_TABLES) / distinct, other: grown(other) };
}

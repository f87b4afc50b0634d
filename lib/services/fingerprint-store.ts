import "server-only";
// Fingerprints are stored as references to items kept once each (package_items, config_items). Items never
// change once written, so every process may cache them: id ↔ content both ways, bounded in size.
import { inArray, sql, type SQL } from "drizzle-orm";
import { fingerprints } from "@/db/schema";
import { pgArray } from "@/db/sql-array";
import { rowsOf, type DbOrTx } from "@/db/client";
import { comparePackages } from "@/lib/core/canonical";
import { fromDeltas, toDeltas } from "@/lib/core/id-deltas";
import { compareStrings } from "@/lib/core/package-key";
import { configFromKey, configItemKey, detached, FingerprintContent, splitKeys, packageFromKey, packageItemKey } from "@/lib/core/fingerprint-content";
import type { ConfigEntry, Fingerprint, Package } from "@/lib/core/types";
import { SampledMap } from "@/lib/core/sampled-map";
import { perHandle } from "./per-handle";

const CACHE_LIMIT = 300_000; // items per kind: tens of MiB at most, far above a real fleet's distinct items
/**
 * Characters of chunk keys remembered per kind (~4 MiB): a fleet's fingerprints share a few hundred KiB of them,
 * and the chunks one fingerprint alone has come and go. Past it the memory starts again.
 */
const CHUNK_CHARS_LIMIT = 4 * 2 ** 20;

interface ItemCache<T> {
  ids: Map<string, number>;
  items: Map<number, T>;
  /** A chunk of keys (lib/core/fingerprint-content.ts endsChunk) → its items' ids, in its order. */
  chunks: SampledMap<Int32Array>;
  chunkChars: number;
}
interface Caches {
  pkg: ItemCache<Package>;
  cfg: ItemCache<ConfigEntry>;
  known: Set<string>;
  /** Ids taken from each kind's sequence and not given to an item yet (see Staged). */
  reserved: { pkg: number[]; cfg: number[] };
}
// One cache per database handle (tests open several in one process; a transaction gets a short-lived one).
const itemCache = <T,>(): ItemCache<T> => ({ ids: new Map(), items: new Map(), chunks: new SampledMap(), chunkChars: 0 });
const cacheOf = perHandle<Caches>("__fleetprintItems", () => ({ pkg: itemCache(), cfg: itemCache(), known: new Set(), reserved: { pkg: [], cfg: [] } }));

/**
 * New items given ids reserved from their sequence, to be inserted by the statement that stores the fingerprints
 * referring to them (migration 0023), and remembered only once it is committed. Only when a batch has few
 * (STAGE_MAX per kind): a herd's new fingerprint adds one item or two; a cold memory (a restart) would stage
 * items that are stored already, and their insert fails (the caller then inserts them the usual way).
 */
export interface Staged<T> {
  keys: string[];
  ids: number[];
  items: T[];
}
const STAGE_MAX = 64;
/** Ids reserved from a sequence at a time: a herd's ~5,000 new items cost ~20 statements, a restart loses at most this many. */
const RESERVE_BLOCK = 256;

async function reserveIds(db: DbOrTx, pool: number[], sequence: "package_items_id_seq" | "config_items_id_seq", n: number): Promise<number[]> {
  if (pool.length < n) {
    const rows = rowsOf<{ id: number }>(await db.execute(sql`select nextval(${sequence}::regclass)::int as id from generate_series(1, ${Math.max(n - pool.length, RESERVE_BLOCK)}::int)`));
    for (const r of rows) pool.push(Number(r.id));
  }
  return pool.splice(0, n);
}

function remember<T>(c: ItemCache<T>, key: string, id: number, item: T) {
  if (c.items.size >= CACHE_LIMIT) {
    c.items.clear();
    c.ids.clear();
  }
  c.ids.set(key, id);
  c.items.set(id, item);
}

interface PackageRow { id: number; manager: Package["manager"]; name: string; version: string; arch: string }
interface ConfigRow { id: number; path: string; type: ConfigEntry["type"]; sha256: string | null; target: string | null; package: string | null; modified: boolean | null }

const toPackage = (r: PackageRow): Package => ({ manager: r.manager, name: r.name, version: r.version, arch: r.arch });
function toConfig(r: ConfigRow): ConfigEntry {
  const c: ConfigEntry = { path: r.path, type: r.type, sha256: r.sha256 };
  if (r.target !== null) c.target = r.target;
  if (r.package !== null) c.package = r.package;
  if (r.modified !== null) c.modified = r.modified;
  return c;
}

/**
 * Ids of items, writing the ones never seen before: the insert returns the new ids at once; items another report
 * wrote meanwhile are looked up by their first key column (an index scan), then matched here on the full key.
 * With `stage` (and few of them), the ones never seen get reserved ids instead and are left to the caller's
 * statement (Staged).
 */
async function resolveIds<T, R extends { id: number }>(
  c: ItemCache<T>,
  keys: readonly string[],
  fromKey: (key: string) => T,
  key: (item: T) => string,
  convert: (r: R) => T,
  insert: (missing: T[]) => Promise<R[]>,
  lookup: (missing: T[]) => Promise<R[]>,
  stage: { into: Staged<T>; reserve: (n: number) => Promise<number[]> } | null,
): Promise<number[]> {
  // Items come as their keys (lib/core/fingerprint-content.ts): only those never seen are turned back into items.
  // One cache lookup per key on the way (a herd's new fingerprint has ~2,000 keys, nearly all known).
  const ids = new Array<number>(keys.length);
  const wanted = new Set<string>();
  for (let i = 0; i < keys.length; i++) {
    const id = c.ids.get(keys[i]);
    if (id === undefined) wanted.add(keys[i]);
    else ids[i] = id;
  }
  if (wanted.size === 0) return ids;
  if (stage && wanted.size <= STAGE_MAX) {
    const fresh = [...wanted];
    const reserved = await stage.reserve(fresh.length);
    const byKey = new Map(fresh.map((k, i) => [k, reserved[i]]));
    for (const [i, key] of fresh.entries()) {
      // Detached: the key is a view into the fingerprint's whole key string, which the cache must not keep alive
      // (a 10,000-host herd's 5,000 new fingerprints' strings: RSS 607 → 1,073 MiB).
      const k = detached(key);
      stage.into.keys.push(k);
      stage.into.ids.push(reserved[i]);
      stage.into.items.push(fromKey(k));
    }
    for (let i = 0; i < keys.length; i++) ids[i] ??= byKey.get(keys[i])!;
    return ids;
  }
  const missing = [...wanted].map(fromKey);
  for (const r of await insert(missing)) remember(c, key(convert(r)), r.id, convert(r));
  const left = missing.filter((i) => !c.ids.has(key(i)));
  if (left.length) for (const r of await lookup(left)) remember(c, key(convert(r)), r.id, convert(r));
  for (let i = 0; i < keys.length; i++) {
    if (ids[i] !== undefined) continue;
    const id = c.ids.get(keys[i]);
    if (id === undefined) throw new Error(`item ${keys[i]} was not stored`);
    ids[i] = id;
  }
  return ids;
}

function packageIds(db: DbOrTx, keys: readonly string[], staged: Staged<Package> | null): Promise<number[]> {
  const cache = cacheOf(db);
  return resolveIds<Package, PackageRow>(
    cache.pkg,
    keys,
    packageFromKey,
    packageItemKey,
    toPackage,
    async (m) =>
      rowsOf<PackageRow>(
        await db.execute(sql`insert into package_items (manager, name, version, arch)
          select * from unnest(${packageColumns(m)})
          on conflict do nothing returning id, manager, name, version, arch`),
      ),
    async (m) => rowsOf<PackageRow>(await db.execute(sql`select id, manager, name, version, arch from package_items where manager = any(${textColumn(m, (p) => p.manager)}) and name = any(${textColumn(m, (p) => p.name)})`)),
    staged && { into: staged, reserve: (n) => reserveIds(db, cache.reserved.pkg, "package_items_id_seq", n) },
  );
}

function configIds(db: DbOrTx, keys: readonly string[], staged: Staged<ConfigEntry> | null): Promise<number[]> {
  const cache = cacheOf(db);
  return resolveIds<ConfigEntry, ConfigRow>(
    cache.cfg,
    keys,
    configFromKey,
    configItemKey,
    toConfig,
    async (m) =>
      rowsOf<ConfigRow>(
        await db.execute(sql`insert into config_items (path, type, sha256, target, package, modified)
          select * from unnest(${configColumns(m)})
          on conflict do nothing returning id, path, type, sha256, target, package, modified`),
      ),
    async (m) => rowsOf<ConfigRow>(await db.execute(sql`select id, path, type, sha256, target, package, modified from config_items where path = any(${textColumn(m, (c) => c.path)})`)),
    staged && { into: staged, reserve: (n) => reserveIds(db, cache.reserved.cfg, "config_items_id_seq", n) },
  );
}

/**
 * Ids of each list's items, chunk by chunk: a chunk met before is one lookup of its string (fingerprints of one
 * fleet share all their chunks but the few holding what differs); the keys of the others are resolved together
 * (`resolve`, one statement per kind for the batch) and their chunks remembered by `keep` (once their items are
 * stored: some may be staged). Ids never change: a chunk's ids stay right even when the item cache starts again.
 */
async function chunkedIds<T>(c: ItemCache<T>, lists: readonly (readonly string[])[], resolve: (keys: string[]) => Promise<number[]>): Promise<{ ids: Int32Array[]; keep: () => void }> {
  // Each chunk looked up once, before the wait below: meanwhile another report may make the memory start again.
  const parts = lists.map((chunks) => chunks.map((chunk) => c.chunks.get(chunk)));
  const unseen = [...new Set(lists.flatMap((chunks, i) => chunks.filter((_, k) => parts[i][k] === undefined)))];
  const fresh = new Map<string, Int32Array>();
  if (unseen.length) {
    const keys = unseen.map(splitKeys);
    const ids = await resolve(keys.flat());
    let at = 0;
    keys.forEach((k, i) => fresh.set(unseen[i], Int32Array.from(ids.slice(at, (at += k.length)))));
    lists.forEach((chunks, i) => chunks.forEach((chunk, k) => (parts[i][k] ??= fresh.get(chunk))));
  }
  const keep = () => {
    for (const [chunk, chunkIds] of fresh) {
      if (c.chunkChars > CHUNK_CHARS_LIMIT) {
        c.chunks.clear();
        c.chunkChars = 0;
      }
      // Detached: the chunk is a view into the fingerprint's whole key string (fingerprint-content.ts).
      c.chunks.set(detached(chunk), chunkIds);
      c.chunkChars += chunk.length;
    }
  };
  // Copied a chunk at a time (a push per id cost ~0.2 ms a fingerprint).
  const out = parts.map((list) => {
    const all = new Int32Array(list.reduce((n, p) => n + p!.length, 0));
    let at = 0;
    for (const p of list) {
      all.set(p!, at);
      at += p!.length;
    }
    return all;
  });
  return { ids: out, keep };
}

/** New fingerprints' rows, as the text arrays of one insert (see NewFingerprints). */
export interface FingerprintRows {
  hashes: string[];
  os: string[];
  packages: string[];
  configs: string[];
  packageCounts: number[];
  configCounts: number[];
}

/**
 * Rows to insert, whose items are stored or `staged` (to go in the same statement: staged items' ids are
 * reserved, and stored by no one yet); `stored()` once they are committed (this process then knows them).
 */
export interface NewFingerprints {
  rows: FingerprintRows;
  staged: { pkg: Staged<Package>; cfg: Staged<ConfigEntry> } | null;
  stored: () => void;
}

/**
 * The rows of canonical fingerprints this process has not stored, their items stored first (those not stored yet,
 * for the whole batch in one insert per kind) or, with `stage`, staged when they are few (NewFingerprints); null
 * when there is none. No "is it stored?" query: item ids come from the cache, and a stored hash makes its row a
 * no-op. A hash this process stored costs nothing.
 */
export async function newFingerprintRows(db: DbOrTx, fps: readonly { hash: string; content: FingerprintContent }[], { stage = false } = {}): Promise<NewFingerprints | null> {
  const cache = cacheOf(db);
  const fresh = [...new Map(fps.filter((f) => !cache.known.has(f.hash)).map((f) => [f.hash, f.content])).entries()];
  if (fresh.length === 0) return null;
  const staged = stage ? { pkg: { keys: [], ids: [], items: [] }, cfg: { keys: [], ids: [], items: [] } } : null;
  const pChunks = await chunkedIds(cache.pkg, fresh.map(([, fp]) => fp.packageChunks), (keys) => packageIds(db, keys, staged?.pkg ?? null));
  const cChunks = await chunkedIds(cache.cfg, fresh.map(([, fp]) => fp.configChunks), (keys) => configIds(db, keys, staged?.cfg ?? null));
  const [pAll, cAll] = [pChunks.ids, cChunks.ids];
  // Text parameters: drizzle's int[] column maps each of a row's ~2,000 ids through an entity check (0.4 ms a
  // fingerprint on the request thread); a '{…}' literal per row costs a join.
  const rows: FingerprintRows = { hashes: [], os: [], packages: [], configs: [], packageCounts: [], configCounts: [] };
  fresh.forEach(([hash, fp], i) => {
    rows.hashes.push(hash);
    rows.os.push(JSON.stringify(fp.os));
    rows.packages.push(`{${toDeltas(pAll[i]).join(",")}}`);
    rows.configs.push(`{${toDeltas(cAll[i]).join(",")}}`);
    rows.packageCounts.push(pAll[i].length);
    rows.configCounts.push(cAll[i].length);
  });
  const stored = () => {
    if (staged) {
      staged.pkg.keys.forEach((k, i) => remember(cache.pkg, k, staged.pkg.ids[i], staged.pkg.items[i]));
      staged.cfg.keys.forEach((k, i) => remember(cache.cfg, k, staged.cfg.ids[i], staged.cfg.items[i]));
    }
    pChunks.keep();
    cChunks.keep();
    if (cache.known.size + fresh.length >= CACHE_LIMIT) cache.known.clear();
    for (const [hash] of fresh) cache.known.add(hash);
  };
  const anyStaged = staged && (staged.pkg.ids.length > 0 || staged.cfg.ids.length > 0);
  return { rows, staged: anyStaged ? staged : null, stored };
}

/** The parameters of fleetprint_store_items_and_write_changes (migration 0023) that carry staged items, in its order. */
export function stagedItemParams(staged: NonNullable<NewFingerprints["staged"]>): SQL {
  return sql`${pgArray(staged.pkg.ids, "int")}, ${packageColumns(staged.pkg.items)}, ${pgArray(staged.cfg.ids, "int")}, ${configColumns(staged.cfg.items)}`;
}

/** One text column of items, as an array parameter. */
const textColumn = <T,>(items: readonly T[], f: (i: T) => string | null) => pgArray(items.map(f), "text");

/** Package items as the arrays of their columns, in the table's order (manager, name, version, arch). */
function packageColumns(items: readonly Package[]): SQL {
  return sql`${textColumn(items, (p) => p.manager)}, ${textColumn(items, (p) => p.name)}, ${textColumn(items, (p) => p.version)}, ${textColumn(items, (p) => p.arch)}`;
}

/** Config items as the arrays of their columns, in the table's order (path, type, sha256, target, package, modified). */
function configColumns(items: readonly ConfigEntry[]): SQL {
  return sql`${textColumn(items, (c) => c.path)}, ${textColumn(items, (c) => c.type)}, ${textColumn(items, (c) => c.sha256)}, ${textColumn(items, (c) => c.target ?? null)},
    ${textColumn(items, (c) => c.package ?? null)}, ${pgArray(items.map((c) => (c.modified === undefined ? null : c.modified)), "boolean")}`;
}

/** The parameters of fleetprint_store_and_write_changes (migration 0021) that carry `rows`, in its order. */
export function fingerprintRowParams(rows: FingerprintRows): SQL {
  return sql`${pgArray(rows.hashes, "text")}, ${pgArray(rows.os, "text")}, ${pgArray(rows.packages, "text")}, ${pgArray(rows.configs, "text")},
    ${pgArray(rows.packageCounts, "int")}, ${pgArray(rows.configCounts, "int")}`;
}

/** Stores canonical fingerprints once each: their items, then one row of sorted item ids per fingerprint, in one insert. */
export async function storeFingerprints(db: DbOrTx, fps: readonly { hash: string; content: FingerprintContent }[]): Promise<void> {
  const fresh = await newFingerprintRows(db, fps);
  if (!fresh) return;
  await db.execute(sql`insert into fingerprints (hash, os, package_id_deltas, config_id_deltas, package_count, config_count)
    select h, o::jsonb, p::int[], c::int[], pc, cc from unnest(${fingerprintRowParams(fresh.rows)}) as i(h, o, p, c, pc, cc)
    on conflict (hash) do nothing`);
  fresh.stored();
}

export function storeFingerprint(db: DbOrTx, hash: string, fingerprint: Fingerprint | FingerprintContent): Promise<void> {
  return storeFingerprints(db, [{ hash, content: fingerprint instanceof FingerprintContent ? fingerprint : FingerprintContent.of(fingerprint) }]);
}

/** Reads into the cache the items of `ids` it does not hold. */
async function loadItems<T, R extends { id: number }>(db: DbOrTx, c: ItemCache<T>, ids: readonly number[], table: "package_items" | "config_items", key: (item: T) => string, convert: (r: R) => T): Promise<void> {
  const missing = [...new Set(ids.filter((id) => !c.items.has(id)))];
  for (let i = 0; i < missing.length; i += 20_000) {
    const chunk = pgArray(missing.slice(i, i + 20_000), "int");
    const rows = rowsOf<R>(await db.execute(sql`select * from ${sql.identifier(table)} where id = any(${chunk})`));
    for (const r of rows) {
      const item = convert(r);
      remember(c, key(item), r.id, item);
    }
  }
}

async function itemsById<T, R extends { id: number }>(db: DbOrTx, c: ItemCache<T>, ids: readonly number[], table: "package_items" | "config_items", key: (item: T) => string, convert: (r: R) => T): Promise<T[]> {
  await loadItems(db, c, ids, table, key, convert);
  const items = cachedItems(c, ids);
  if (!items) throw new Error(`${table} ${ids.find((id) => !c.items.has(id))} is missing`);
  return items;
}

/** The items of `ids` when the cache holds every one, else null. */
function cachedItems<T>(c: ItemCache<T>, ids: readonly number[]): T[] | null {
  const out = new Array<T>(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const item = c.items.get(ids[i]);
    if (item === undefined) return null;
    out[i] = item;
  }
  return out;
}

/** A stored fingerprint as the ids of its items (ascending), before the items are read. */
export interface FingerprintRefs {
  hash: string;
  os: Fingerprint["os"];
  packageIds: readonly number[];
  configIds: readonly number[];
}

/** The item ids of stored fingerprints (500 a statement); hashes that are not stored are left out. */
export async function loadFingerprintRefs(db: DbOrTx, hashes: readonly string[]): Promise<FingerprintRefs[]> {
  const out: FingerprintRefs[] = [];
  for (let i = 0; i < hashes.length; i += 500) {
    const rows = await db
      .select({ hash: fingerprints.hash, os: fingerprints.os, packageIds: fingerprints.packageIdDeltas, configIds: fingerprints.configIdDeltas })
      .from(fingerprints)
      .where(inArray(fingerprints.hash, hashes.slice(i, i + 500)));
    for (const r of rows) out.push({ ...r, packageIds: fromDeltas(r.packageIds), configIds: fromDeltas(r.configIds) });
  }
  return out;
}

/**
 * Contents of stored fingerprints, in canonical order; hashes that are not stored are absent from the map.
 * `inOrder: false`: items in the order of their ids, for a caller that indexes them by key and path (the analysis):
 * sorting 1,800 items by their fields was ~0.2 ms a fingerprint.
 */
export async function loadFingerprints(db: DbOrTx, hashes: readonly string[], { inOrder = true } = {}): Promise<Map<string, Fingerprint>> {
  const out = new Map<string, Fingerprint>();
  for (let i = 0; i < hashes.length; i += 500) {
    for (const [hash, fp] of await fingerprintsOfRefs(db, await loadFingerprintRefs(db, hashes.slice(i, i + 500)), { inOrder })) out.set(hash, fp);
  }
  return out;
}

/** The contents `rows` refer to (see loadFingerprints for `inOrder`). */
export async function fingerprintsOfRefs(db: DbOrTx, rows: readonly FingerprintRefs[], { inOrder = true } = {}): Promise<Map<string, Fingerprint>> {
  const cache = cacheOf(db);
  const out = new Map<string, Fingerprint>();
  // Most items are shared, so most come from the cache: a fingerprint whose items are all there is read from it
  // at once (one lookup per id), the items of the others are read for all of them in two lookups.
  const cached = rows.map((r) => [cachedItems(cache.pkg, r.packageIds), cachedItems(cache.cfg, r.configIds)] as const);
  const short = rows.filter((_, i) => !cached[i][0] || !cached[i][1]);
  await loadItems(db, cache.pkg, short.flatMap((r) => r.packageIds), "package_items", packageItemKey, toPackage);
  await loadItems(db, cache.cfg, short.flatMap((r) => r.configIds), "config_items", configItemKey, toConfig);
  for (const [i, r] of rows.entries()) {
    // From the cache just filled (read again only if it was cleared meanwhile, at its size limit).
    const packages = cached[i][0] ?? cachedItems(cache.pkg, r.packageIds) ?? (await itemsById(db, cache.pkg, r.packageIds, "package_items", packageItemKey, toPackage));
    const configs = cached[i][1] ?? cachedItems(cache.cfg, r.configIds) ?? (await itemsById(db, cache.cfg, r.configIds, "config_items", configItemKey, toConfig));
    if (inOrder) {
      packages.sort(comparePackages);
      configs.sort((a, b) => compareStrings(a.path, b.path));
    }
    out.set(r.hash, { os: r.os, packages, configs });
  }
  return out;
}

/** The config entries of `ids`, in that order (the cache's own objects: one per item). */
export async function configEntriesOf(db: DbOrTx, ids: readonly number[]): Promise<ConfigEntry[]> {
  const c = cacheOf(db).cfg;
  return cachedItems(c, ids) ?? itemsById(db, c, ids, "config_items", configItemKey, toConfig);
}

export async function loadFingerprint(db: DbOrTx, hash: string): Promise<Fingerprint | null> {
  return (await loadFingerprints(db, [hash])).get(hash) ?? null;
}

/** Tests that rewrite the database behind the process drop what it remembers. */
export function forgetStoredItems(db: DbOrTx) {
  cacheOf.forget(db);
}

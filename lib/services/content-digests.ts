import "server-only";
// Which fingerprint a content digest names (see lib/core/content-digest.ts). A pair is written only after the
// server checked the digest against a full report it stored (with the host's change, in writeChanges), and never
// changes: every process may cache it. On PGlite this process is the only writer (the data-folder lock), so its
// cache, loaded once, answers alone: an unknown digest costs no query.
import { eq } from "drizzle-orm";
import { contentDigests } from "@/db/schema";
import { driverOf, type Db } from "@/db/client";
import { perHandle } from "./per-handle";

const CACHE_LIMIT = 200_000; // ~30 MiB at most; far above a fleet's distinct contents

interface Cache {
  pairs: Map<string, string>;
  /** Fingerprint hash → a content digest naming it (the last one noted): an unchanged full report is read by it. */
  byHash: Map<string, string>;
  /** Every stored pair is in `pairs` (PGlite, loaded once, below the limit). */
  complete: boolean;
  /** loadAll ran once (contentOfFingerprint loads at most once on PGlite: past the limit a miss is only a full read). */
  loaded?: boolean;
  loading?: Promise<void>;
}
const cacheOf = perHandle<Cache>("__fleetprintContent", () => ({ pairs: new Map(), byHash: new Map(), complete: false }));

/** After a write that stored the pair (or found it stored). */
export function noteContent(db: Db, digest: string, hash: string) {
  const c = cacheOf(db);
  if (c.pairs.size >= CACHE_LIMIT) {
    c.pairs.clear();
    c.byHash.clear();
    c.complete = false;
  }
  c.pairs.set(digest, hash);
  c.byHash.set(hash, digest);
}

/** Records that `digest` names the stored fingerprint `hash`, unless this process knows it already. */
export async function rememberContent(db: Db, digest: string, hash: string): Promise<void> {
  if (cacheOf(db).pairs.get(digest) === hash) return;
  await db.insert(contentDigests).values({ digest, fingerprintHash: hash }).onConflictDoNothing({ target: contentDigests.digest });
  noteContent(db, digest, hash);
}

async function loadAll(db: Db, c: Cache) {
  c.loaded = true;
  const rows = await db.select({ digest: contentDigests.digest, hash: contentDigests.fingerprintHash }).from(contentDigests).limit(CACHE_LIMIT + 1);
  if (rows.length > CACHE_LIMIT) return;
  for (const r of rows) {
    c.pairs.set(r.digest, r.hash);
    c.byHash.set(r.hash, r.digest);
  }
  c.complete = true;
}

/**
 * A content digest naming the fingerprint `hash`, or null (the report is then read in full, lib/server/read-report.ts).
 * On PGlite the first call loads every pair, as fingerprintOfContent does, and later misses cost nothing; on
 * PostgreSQL a miss is one indexed lookup (other instances store pairs too).
 */
export async function contentOfFingerprint(db: Db, hash: string): Promise<string | null> {
  const c = cacheOf(db);
  const hit = c.byHash.get(hash);
  if (hit || c.complete) return hit ?? null;
  if (driverOf(db) === "pglite") {
    if (!c.loaded) await (c.loading ??= loadAll(db, c).finally(() => (c.loading = undefined)));
    return c.byHash.get(hash) ?? null;
  }
  const [row] = await db.select({ digest: contentDigests.digest }).from(contentDigests).where(eq(contentDigests.fingerprintHash, hash)).limit(1);
  if (row) noteContent(db, row.digest, hash);
  return row?.digest ?? null;
}

/** The fingerprint hash a content digest names, or null when no checked report ever had that content. */
export async function fingerprintOfContent(db: Db, digest: string): Promise<string | null> {
  const c = cacheOf(db);
  const hit = c.pairs.get(digest);
  if (hit) return hit;
  if (driverOf(db) === "pglite") {
    if (!c.complete) await (c.loading ??= loadAll(db, c).finally(() => (c.loading = undefined)));
    if (c.complete) return c.pairs.get(digest) ?? null;
  }
  const [row] = await db.select({ hash: contentDigests.fingerprintHash }).from(contentDigests).where(eq(contentDigests.digest, digest));
  if (row) noteContent(db, digest, row.hash);
  return row?.hash ?? null;
}

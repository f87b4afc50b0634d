import "server-only";
// The drift of a batch of a fleet's fingerprints as the worker stores it: the count beside each fingerprint and
// its items in fleet_drift_items (the fleet-wide drift view groups those), replaced in one transaction, each a
// single statement over array parameters (one parameter per column whatever the batch, far from the 65,535 cap).
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { pgArray } from "@/db/sql-array";
import type { DriftItem } from "@/lib/core/types";

/** `drifts[i]` is the drift of `hashes[i]` against spec `specVersion`, or null (no spec, content not stored). */
export async function storeDrift(db: Db, fleetId: number, specVersion: number | null, hashes: string[], drifts: (DriftItem[] | null)[]) {
  const items: DriftItemColumns = { hash: [], kind: [], subject: [], expected: [], actual: [], direction: [] };
  hashes.forEach((h, i) => {
    for (const d of drifts[i] ?? []) {
      items.hash.push(h);
      items.kind.push(d.kind);
      items.subject.push(d.subject);
      items.expected.push(d.expected);
      items.actual.push(d.actual);
      items.direction.push(d.direction ?? null);
    }
  });
  const counts = drifts.map((d) => (d ? d.length : null));
  await db.transaction(async (tx) => {
    await tx.execute(sql`update fleet_fingerprints f set drift_count = d.n, drift_spec_version = ${specVersion}::int
      from unnest(${pgArray(hashes, "text")}, ${pgArray(counts, "int")}) as d(hash, n) where f.fleet_id = ${fleetId} and f.hash = d.hash`);
    await tx.execute(sql`delete from fleet_drift_items where fleet_id = ${fleetId} and hash = any(${pgArray(hashes, "text")})`);
    if (items.hash.length === 0) return;
    // The join drops items of a fingerprint whose row went away meanwhile (its last host moved on): the FK would refuse them.
    await tx.execute(sql`insert into fleet_drift_items (fleet_id, hash, kind, subject, expected, actual, direction)
      select ${fleetId}, d.hash, d.kind, d.subject, d.expected, d.actual, d.direction
      from unnest(${pgArray(items.hash, "text")}, ${pgArray(items.kind, "text")}, ${pgArray(items.subject, "text")}, ${pgArray(items.expected, "text")},
        ${pgArray(items.actual, "text")}, ${pgArray(items.direction, "text")}) as d(hash, kind, subject, expected, actual, direction)
      join fleet_fingerprints f on f.fleet_id = ${fleetId} and f.hash = d.hash`);
  });
}

interface DriftItemColumns {
  hash: string[];
  kind: string[];
  subject: string[];
  expected: (string | null)[];
  actual: (string | null)[];
  direction: (string | null)[];
}

const g3 = globalThis as unknown as { __fleetprintDriftItemsChecked?: WeakSet<Db> };
const itemsChecked = (g3.__fleetprintDriftItemsChecked ??= new WeakSet());

/**
 * Installs upgraded from before fleet_drift_items hold fingerprints with a drift count but no items. Once per
 * process, such fingerprints are marked as not compared and their fleets' revisions moved, so the worker's next
 * pass fills their items even in a fleet where nothing else changes. A migration statement would do it once too,
 * but this also heals any other gap and needs nothing at merge time; a fleet without gaps costs one anti-join.
 */
export async function backfillDriftItems(db: Db): Promise<void> {
  if (itemsChecked.has(db)) return;
  await markMissingDriftItems(db);
  itemsChecked.add(db);
}

/** Marks fingerprints with drift but no items for recomputation and moves their fleets; returns the fleets. */
export async function markMissingDriftItems(db: Db): Promise<number> {
  const gaps = rowsOf<{ fleet_id: number }>(
    await db.execute(sql`update fleet_fingerprints f set drift_spec_version = null
      where f.drift_count > 0 and not exists (select 1 from fleet_drift_items d where d.fleet_id = f.fleet_id and d.hash = f.hash)
      returning f.fleet_id`),
  );
  const ids = [...new Set(gaps.map((g) => Number(g.fleet_id)))];
  if (ids.length > 0) await db.execute(sql`update fleets set revision = revision + 1 where id = any(${pgArray(ids, "int")})`);
  return ids.length;
}

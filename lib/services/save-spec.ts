import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { fleets, specs } from "@/db/schema";
import type { Db, Tx } from "@/db/client";
import type { Spec } from "@/lib/core/types";
import { conflict } from "@/lib/server/errors";
import { writeAudit, type Actor } from "./audit";
import { maybeAutoRebuild } from "./auto-rebuild";
import { recordSnapshot } from "./record-snapshot";

export interface SaveMeta {
  /** Who saved it (user id or email, "system"): the version history shows it. */
  createdBy?: string | null;
  /** Why, in the saver's words. */
  note?: string | null;
  /** Save only on top of this version (null: only when the fleet has none yet); else 409. */
  baseVersion?: number | null;
  /** Extra audit detail (the diff summary of an edit). */
  audit?: Record<string, unknown>;
  /** The save date (default: now). */
  now?: Date;
  /** A version published from an image: its digest and tag, shown beside the version. */
  image?: { digest: string; tag: string | null };
}

/**
 * Appends a new spec version. Versions are immutable: the next number comes from a conditional update of the
 * fleet row, so two concurrent saves get distinct versions instead of overwriting each other; an edit made
 * against a base version fails when another save came first.
 * `meta.now` is the save date the version history shows: the caller's clock, so a seeded or replayed history
 * keeps its own dates.
 */
export async function saveSpec(tx: Tx, actor: Actor, fleet: { id: number; name: string }, spec: Spec, yaml: (version: number) => string, source: string, meta: SaveMeta = {}) {
  const onBase = meta.baseVersion === undefined ? undefined : sql`${fleets.specVersion} is not distinct from ${meta.baseVersion}::int`;
  const [bumped] = await tx
    .update(fleets)
    .set({ specVersion: sql`coalesce(${fleets.specVersion}, 0) + 1`, revision: sql`${fleets.revision} + 1` })
    .where(onBase ? and(eq(fleets.id, fleet.id), onBase) : eq(fleets.id, fleet.id))
    .returning({ version: fleets.specVersion });
  if (!bumped) throw conflict(`The spec of "${fleet.name}" changed since version ${meta.baseVersion ?? "none"} was read; look at the new version and try again.`);
  const version = bumped.version as number;
  await tx.insert(specs).values({ fleetId: fleet.id, version, body: spec, yaml: yaml(version), source, createdBy: meta.createdBy ?? actor.name, note: meta.note ?? null, imageDigest: meta.image?.digest ?? null, imageTag: meta.image?.tag ?? null, createdAt: meta.now ?? new Date() });
  await writeAudit(tx, actor, "spec.save", fleet.name, { version, source, ...(meta.note ? { note: meta.note } : {}), ...meta.audit });
  return version;
}

/**
 * What follows every new version, once its transaction has committed: the trend gets a point and an automatic
 * fleet rebuilds what no longer matches.
 */
export async function afterSpecSaved(db: Db, fleetId: number, now: Date) {
  await recordSnapshot(db, fleetId, now);
  await maybeAutoRebuild(db, fleetId, now);
}

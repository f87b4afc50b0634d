import { eq, sql } from "drizzle-orm";
import { fleets, specs } from "@/db/schema";
import type { Tx } from "@/db/client";
import type { Spec } from "@/lib/core/types";
import { writeAudit, type Actor } from "./audit";

/**
 * Appends a new spec version. Versions are immutable: the next number comes from a conditional update of the
 * fleet row, so two concurrent saves get distinct versions instead of overwriting each other. `now` is the save
 * date the version history shows: the caller's clock, so a seeded or replayed history keeps its own dates.
 */
export async function saveSpec(tx: Tx, actor: Actor, fleet: { id: number; name: string }, spec: Spec, yaml: (version: number) => string, source: string, now = new Date()) {
  const [bumped] = await tx
    .update(fleets)
    .set({ specVersion: sql`coalesce(${fleets.specVersion}, 0) + 1`, revision: sql`${fleets.revision} + 1` })
    .where(eq(fleets.id, fleet.id))
    .returning({ version: fleets.specVersion });
  const version = bumped.version as number;
  await tx.insert(specs).values({ fleetId: fleet.id, version, body: spec, yaml: yaml(version), source, createdAt: now });
  await writeAudit(tx, actor, "spec.save", fleet.name, { version, source });
  return version;
}

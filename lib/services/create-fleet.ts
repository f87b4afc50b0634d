import "server-only";
import { fleets } from "@/db/schema";
import type { Db } from "@/db/client";
import { conflict } from "@/lib/server/errors";
import type { Strategy } from "@/lib/core/types";
import { writeAudit, type Actor } from "./audit";

export async function createFleet(db: Db, actor: Actor, input: { name: string; strategy: Strategy }) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(fleets)
      .values({ name: input.name, strategy: input.strategy })
      .onConflictDoNothing({ target: fleets.name })
      .returning();
    if (!row) throw conflict(`A fleet named "${input.name}" already exists.`);
    await writeAudit(tx, actor, "fleet.create", input.name, { strategy: input.strategy });
    return { id: row.id, name: row.name, strategy: row.strategy };
  });
}

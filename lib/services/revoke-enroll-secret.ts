import { and, eq, isNull } from "drizzle-orm";
import { enrollSecrets } from "@/db/schema";
import type { Db } from "@/db/client";
import { notFound } from "@/lib/server/errors";
import { writeAudit, type Actor } from "./audit";
import { findFleet } from "./find-fleet";

export async function revokeEnrollSecret(db: Db, actor: Actor, fleetName: string, secretId: number) {
  return db.transaction(async (tx) => {
    const fleet = await findFleet(tx, fleetName);
    const [row] = await tx
      .update(enrollSecrets)
      .set({ revokedAt: new Date() })
      .where(and(eq(enrollSecrets.id, secretId), eq(enrollSecrets.fleetId, fleet.id), isNull(enrollSecrets.revokedAt)))
      .returning();
    if (!row) throw notFound(`Fleet "${fleet.name}" has no active enroll secret ${secretId}.`);
    await writeAudit(tx, actor, "enroll-secret.revoke", fleet.name, { secretId });
    return { id: row.id, revokedAt: row.revokedAt };
  });
}

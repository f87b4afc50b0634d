import "server-only";
import { enrollSecrets } from "@/db/schema";
import type { Db } from "@/db/client";
import { hashSecret, newSecret } from "@/lib/server/secrets";
import { writeAudit, type Actor } from "./audit";
import { findFleet } from "./find-fleet";

/** The secret is returned once and stored hashed. */
export async function createEnrollSecret(db: Db, actor: Actor, fleetName: string) {
  return db.transaction(async (tx) => {
    const fleet = await findFleet(tx, fleetName);
    const secret = newSecret("fpe");
    const [row] = await tx.insert(enrollSecrets).values({ fleetId: fleet.id, secretHash: hashSecret(secret) }).returning();
    await writeAudit(tx, actor, "enroll-secret.create", fleet.name, { secretId: row.id });
    return { id: row.id, secret };
  });
}

import "server-only";
import { eq } from "drizzle-orm";
import { alertChannels } from "@/db/schema";
import type { Db } from "@/db/client";
import { writeAudit, type Actor } from "./audit";
import { auditDetail } from "./create-alert-channel";
import { findFleet } from "./find-fleet";
import { findChannel } from "./list-alert-channels";
import { forgetHostAuth } from "./host-auth-cache";

/** Deletes the channel with its pending events and its delivery log (the audit row keeps what it was). */
export async function deleteAlertChannel(db: Db, actor: Actor, fleetName: string, id: number) {
  const out = await db.transaction(async (tx) => {
    const fleet = await findFleet(tx, fleetName);
    const row = await findChannel(tx, fleet.id, fleet.name, id, true);
    await tx.delete(alertChannels).where(eq(alertChannels.id, id));
    await writeAudit(tx, actor, "alert-channel.delete", fleet.name, auditDetail(row));
    return { id, deleted: true };
  });
  // Hosts carry "does a channel listen for drift" in the auth cache.
  forgetHostAuth(db);
  return out;
}

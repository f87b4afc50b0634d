import "server-only";
import { and, eq, isNull, ne } from "drizzle-orm";
import { alertChannels, alertDeliveries, alertEvents, alertSnowflakeWatch } from "@/db/schema";
import type { Db } from "@/db/client";
import { badRequest, conflict } from "@/lib/server/errors";
import { channelProblems, type UpdateChannelInput } from "@/lib/server/alert-schemas";
import { missingEnvWarnings } from "@/lib/core/env-check";
import { writeAudit, type Actor } from "./audit";
import { auditDetail } from "./create-alert-channel";
import { findFleet } from "./find-fleet";
import { channelView, findChannel } from "./list-alert-channels";
import { forgetHostAuth } from "./host-auth-cache";

export async function updateAlertChannel(db: Db, actor: Actor, fleetName: string, id: number, input: UpdateChannelInput, now = new Date()) {
  const out = await db.transaction(async (tx) => {
    const fleet = await findFleet(tx, fleetName);
    const before = await findChannel(tx, fleet.id, fleet.name, id, true);
    const patch = { ...input };
    // Naming a new URL source replaces the other one, so switching url ↔ urlEnv takes one field.
    if (patch.url && patch.urlEnv === undefined) patch.urlEnv = null;
    if (patch.urlEnv && patch.url === undefined) patch.url = null;
    const after = { ...before, ...patch };
    const problems = channelProblems(after);
    if (problems.length) throw badRequest(problems.map((p) => `${p.path}: ${p.message}`).join("; "));
    if (patch.name && patch.name !== before.name) {
      const [taken] = await tx.select({ id: alertChannels.id }).from(alertChannels).where(and(eq(alertChannels.fleetId, fleet.id), eq(alertChannels.name, patch.name), ne(alertChannels.id, id)));
      if (taken) throw conflict(`Fleet "${fleet.name}" already has an alert channel named "${patch.name}".`);
    }
    const [row] = await tx
      .update(alertChannels)
      .set({ ...patch, updatedAt: now })
      .where(eq(alertChannels.id, id))
      .returning();
    if (before.enabled && !row.enabled) {
      // A disabled channel sends nothing, later either: what waits for it is dropped, not held for re-enabling.
      await tx.delete(alertEvents).where(and(eq(alertEvents.channelId, id), isNull(alertEvents.deliveryId)));
      await tx
        .update(alertDeliveries)
        .set({ status: "failed", lastError: "channel disabled before it was sent" })
        .where(and(eq(alertDeliveries.channelId, id), eq(alertDeliveries.status, "pending")));
    }
    const listensNow = row.enabled && row.events.includes("snowflake-new");
    const listenedBefore = before.enabled && before.events.includes("snowflake-new");
    if (listensNow && !listenedBefore) await tx.delete(alertSnowflakeWatch).where(eq(alertSnowflakeWatch.fleetId, fleet.id));
    await writeAudit(tx, actor, "alert-channel.update", fleet.name, { ...auditDetail(row), changed: Object.keys(input) });
    // Warned, not refused: the variable may be set on the instance that delivers (several app instances).
    return { ...channelView(row), warnings: missingEnvWarnings(row, process.env) };
  });
  // Hosts carry "does a channel listen for drift" in the auth cache.
  forgetHostAuth(db);
  return out;
}

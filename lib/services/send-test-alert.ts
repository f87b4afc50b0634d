import "server-only";
import { eq } from "drizzle-orm";
import { alertDeliveries } from "@/db/schema";
import type { Db } from "@/db/client";
import { alertBaseUrl, type AlertDeps } from "@/lib/alerts/post-alert";
import { renderGeneric, renderSlack, summaryOf, type AlertBatch } from "@/lib/core/alert-render";
import { writeAudit, type Actor } from "./audit";
import { findFleet } from "./find-fleet";
import { findChannel } from "./list-alert-channels";
import { deliveryView } from "./list-alert-deliveries";
import { CLAIM_LEASE_MS, sendClaimed } from "./send-alert-deliveries";

/**
 * Sends a test message now, once, and answers with the outcome; it is in the delivery log like any delivery
 * (marked as a test, so it neither counts for grouping nor is retried). Disabled channels can be tested too.
 */
export async function sendTestAlert(db: Db, actor: Actor, fleetName: string, id: number, deps: AlertDeps = {}, now = new Date()) {
  const baseUrl = alertBaseUrl(deps);
  const claimed = await db.transaction(async (tx) => {
    const fleet = await findFleet(tx, fleetName);
    const channel = await findChannel(tx, fleet.id, fleet.name, id);
    const batch: AlertBatch = { fleet: fleet.name, events: [], baseUrl, test: true };
    const body = channel.kind === "slack" ? renderSlack(batch) : renderGeneric(batch);
    // Inserted already claimed (attempt 1, lease ahead), so no worker picks it up while this request sends it.
    const [d] = await tx
      .insert(alertDeliveries)
      .values({ channelId: id, test: true, summary: summaryOf(batch), body, attempts: 1, lastAttemptAt: now, nextAttemptAt: new Date(now.getTime() + CLAIM_LEASE_MS), createdAt: now })
      .returning();
    await writeAudit(tx, actor, "alert-channel.test", fleet.name, { channelId: id, name: channel.name, deliveryId: d.id });
    return { id: d.id, channelId: id, body, attempts: 1, test: true, channelName: channel.name };
  });
  await sendClaimed(db, claimed, now, deps);
  const [row] = await db.select().from(alertDeliveries).where(eq(alertDeliveries.id, claimed.id));
  return deliveryView(row, claimed.channelName);
}


import "server-only";
import { and, asc, eq, inArray, isNull, lte, max, min } from "drizzle-orm";
import { alertChannels, alertDeliveries, alertEvents, fleets } from "@/db/schema";
import type { Db, Tx } from "@/db/client";
import { groupDueAt } from "@/lib/core/alert-group";
import { renderGeneric, renderSlack, summaryOf, type AlertBatch } from "@/lib/core/alert-render";

/** A storm beyond this many events in one window continues in the next message. */
export const MAX_EVENTS_PER_DELIVERY = 5000;

/**
 * Turns each channel's pending events into at most one delivery per window (lib/core/alert-group). The body is
 * rendered here, once, so every retry sends the same bytes.
 */
export async function batchAlerts(db: Db, now: Date, baseUrl: string | null): Promise<number> {
  const pending = await db
    .select({ channelId: alertEvents.channelId, oldest: min(alertEvents.createdAt) })
    .from(alertEvents)
    .where(and(isNull(alertEvents.deliveryId), lte(alertEvents.createdAt, now)))
    .groupBy(alertEvents.channelId);
  let made = 0;
  for (const p of pending) {
    if (await db.transaction((tx) => batchChannel(tx, p.channelId, now, baseUrl))) made++;
  }
  return made;
}

async function batchChannel(tx: Tx, channelId: number, now: Date, baseUrl: string | null): Promise<boolean> {
  // Locking the channel keeps two app instances from batching its events at once: the second skips it this tick.
  const [row] = await tx
    .select({ channel: alertChannels, fleet: fleets.name })
    .from(alertChannels)
    .innerJoin(fleets, eq(fleets.id, alertChannels.fleetId))
    .where(eq(alertChannels.id, channelId))
    .for("update", { of: alertChannels, skipLocked: true });
  if (!row || !row.channel.enabled) return false;
  const pendingHere = and(eq(alertEvents.channelId, channelId), isNull(alertEvents.deliveryId), lte(alertEvents.createdAt, now));
  const [{ oldest }] = await tx.select({ oldest: min(alertEvents.createdAt) }).from(alertEvents).where(pendingHere);
  if (!oldest) return false;
  const [{ last }] = await tx
    .select({ last: max(alertDeliveries.createdAt) })
    .from(alertDeliveries)
    .where(and(eq(alertDeliveries.channelId, channelId), eq(alertDeliveries.test, false)));
  if (groupDueAt({ oldestPending: oldest, lastDeliveryAt: last, groupSeconds: row.channel.groupSeconds }) > now) return false;

  const events = await tx.select().from(alertEvents).where(pendingHere).orderBy(asc(alertEvents.id)).limit(MAX_EVENTS_PER_DELIVERY);
  if (!events.length) return false;
  const batch: AlertBatch = { fleet: row.fleet, baseUrl, events: events.map((e) => ({ kind: e.kind, subject: e.subject, detail: e.detail, at: e.createdAt })) };
  const [delivery] = await tx
    .insert(alertDeliveries)
    .values({
      channelId,
      events: events.length,
      summary: summaryOf(batch),
      body: row.channel.kind === "slack" ? renderSlack(batch) : renderGeneric(batch),
      nextAttemptAt: now,
      createdAt: now,
    })
    .returning({ id: alertDeliveries.id });
  await tx
    .update(alertEvents)
    .set({ deliveryId: delivery.id })
    .where(and(inArray(alertEvents.id, events.map((e) => e.id)), isNull(alertEvents.deliveryId)));
  return true;
}

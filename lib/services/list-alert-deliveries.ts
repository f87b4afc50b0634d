import "server-only";
import { and, desc, eq, type SQL } from "drizzle-orm";
import { alertChannels, alertDeliveries } from "@/db/schema";
import type { DbOrTx } from "@/db/client";
import { hideReceiverText } from "@/lib/core/receiver-text";
import type { DeliveryQuery } from "@/lib/server/alert-schemas";
import { findFleet } from "./find-fleet";

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function deliveryView(d: typeof alertDeliveries.$inferSelect, channel: string) {
  return {
    id: d.id,
    channelId: d.channelId,
    channel,
    test: d.test,
    events: d.events,
    summary: d.summary,
    body: d.body,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === "pending" ? d.nextAttemptAt.toISOString() : null,
    lastAttemptAt: iso(d.lastAttemptAt),
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    deliveredAt: iso(d.deliveredAt),
    createdAt: d.createdAt.toISOString(),
  };
}
export type DeliveryView = ReturnType<typeof deliveryView>;

/**
 * The fleet's delivery log, newest first. `answers`: include what receivers answered (admins); everyone else
 * sees the status, the HTTP code and our own words.
 */
export async function listAlertDeliveries(db: DbOrTx, fleetName: string, q: DeliveryQuery, opts: { answers?: boolean } = {}): Promise<DeliveryView[]> {
  const fleet = await findFleet(db, fleetName);
  const where: SQL[] = [eq(alertChannels.fleetId, fleet.id)];
  if (q.status) where.push(eq(alertDeliveries.status, q.status));
  if (q.channel) where.push(eq(alertDeliveries.channelId, q.channel));
  const rows = await db
    .select({ d: alertDeliveries, channel: alertChannels.name })
    .from(alertDeliveries)
    .innerJoin(alertChannels, eq(alertChannels.id, alertDeliveries.channelId))
    .where(and(...where))
    .orderBy(desc(alertDeliveries.createdAt), desc(alertDeliveries.id))
    .limit(q.limit);
  return rows.map((r) => {
    const v = deliveryView(r.d, r.channel);
    // The body can quote one too (a rebuild-failed event carries the provider's message).
    return opts.answers ? v : { ...v, lastError: hideReceiverText(v.lastError), body: hideReceiverText(v.body) };
  });
}

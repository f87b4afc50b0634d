import "server-only";
import { and, lt, ne } from "drizzle-orm";
import { alertDeliveries } from "@/db/schema";
import type { Db } from "@/db/client";
import { alertBaseUrl, type AlertDeps } from "@/lib/alerts/post-alert";
import { batchAlerts } from "./batch-alerts";
import { detectSnowflakes } from "./detect-snowflakes";
import { sendDueDeliveries } from "./send-alert-deliveries";

/** The delivery log keeps a month; its events go with it. */
export const KEEP_DELIVERIES_MS = 30 * 24 * 3_600_000;
const PRUNE_EVERY_MS = 3_600_000;
let lastPrune = 0;

/**
 * One tick of alerting, run by every app instance's worker next to the rebuild sweep: find new snowflakes,
 * group pending events into deliveries, send what is due (first tries and retries), and now and then forget
 * old deliveries. Every step claims its rows, so instances sharing one PostgreSQL never send twice.
 */
export async function deliverAlerts(db: Db, now: Date = new Date(), deps: AlertDeps = {}) {
  const baseUrl = alertBaseUrl(deps);
  const snowflakes = await detectSnowflakes(db, now);
  const batched = await batchAlerts(db, now, baseUrl);
  const sent = await sendDueDeliveries(db, now, deps);
  if (now.getTime() - lastPrune > PRUNE_EVERY_MS) {
    lastPrune = now.getTime();
    await db.delete(alertDeliveries).where(and(ne(alertDeliveries.status, "pending"), lt(alertDeliveries.createdAt, new Date(now.getTime() - KEEP_DELIVERIES_MS))));
  }
  return { snowflakes, batched, sent };
}

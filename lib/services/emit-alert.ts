import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type DbOrTx } from "@/db/client";
import type { AlertKind } from "@/lib/core/alert-kinds";

export interface AlertOccurrence {
  fleetId: number;
  kind: AlertKind;
  /** A hostname, or a rebuild request id. */
  subject: string;
  detail: Record<string, unknown>;
  at: Date;
}

/**
 * Records one occurrence for every enabled channel of the fleet that listens for its kind, in the caller's
 * transaction (an event exists only if the change that caused it committed). Sending is the worker's job.
 */
export async function emitAlert(db: DbOrTx, e: AlertOccurrence): Promise<number> {
  const result = await db.execute(sql`
    insert into alert_events (fleet_id, channel_id, kind, subject, detail, created_at)
    select ${e.fleetId}, c.id, ${e.kind}, ${e.subject}, ${JSON.stringify(e.detail)}::jsonb, ${e.at.toISOString()}::timestamptz
    from alert_channels c
    where c.fleet_id = ${e.fleetId} and c.enabled and ${e.kind} = any(c.events)
    returning id`);
  return rowsOf(result).length;
}

import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { alertChannels } from "@/db/schema";
import type { DbOrTx } from "@/db/client";
import { notFound } from "@/lib/server/errors";
import { findFleet } from "./find-fleet";

type ChannelRow = typeof alertChannels.$inferSelect;

/** What the API and the page show: the whole config (it names environment variables, never holds secrets). */
export function channelView(c: ChannelRow) {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    url: c.url,
    urlEnv: c.urlEnv,
    secretEnv: c.secretEnv,
    events: c.events,
    groupSeconds: c.groupSeconds,
    enabled: c.enabled,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
export type ChannelView = ReturnType<typeof channelView>;

export async function listAlertChannels(db: DbOrTx, fleetName: string): Promise<ChannelView[]> {
  const fleet = await findFleet(db, fleetName);
  const rows = await db.select().from(alertChannels).where(eq(alertChannels.fleetId, fleet.id)).orderBy(asc(alertChannels.name));
  return rows.map(channelView);
}

/** A channel of this fleet (an id of another fleet's channel is "not found" here, not a way around the path). */
export async function findChannel(db: DbOrTx, fleetId: number, fleetName: string, id: number, lock = false): Promise<ChannelRow> {
  const q = db.select().from(alertChannels).where(and(eq(alertChannels.id, id), eq(alertChannels.fleetId, fleetId)));
  const [row] = lock ? await q.for("update") : await q;
  if (!row) throw notFound(`Fleet "${fleetName}" has no alert channel ${id}. GET /api/v1/fleets/${fleetName}/alerts lists them.`);
  return row;
}

import "server-only";
import { eq } from "drizzle-orm";
import { alertChannels, alertSnowflakeWatch } from "@/db/schema";
import type { Db } from "@/db/client";
import { conflict } from "@/lib/server/errors";
import type { CreateChannelInput } from "@/lib/server/alert-schemas";
import { missingEnvWarnings } from "@/lib/core/env-check";
import { writeAudit, type Actor } from "./audit";
import { findFleet } from "./find-fleet";
import { channelView } from "./list-alert-channels";
import { forgetHostAuth } from "./host-auth-cache";

export async function createAlertChannel(db: Db, actor: Actor, fleetName: string, input: CreateChannelInput) {
  const out = await db.transaction(async (tx) => {
    const fleet = await findFleet(tx, fleetName);
    const [row] = await tx
      .insert(alertChannels)
      .values({ fleetId: fleet.id, ...input })
      .onConflictDoNothing({ target: [alertChannels.fleetId, alertChannels.name] })
      .returning();
    if (!row) throw conflict(`Fleet "${fleet.name}" already has an alert channel named "${input.name}".`);
    // Snowflakes are found by comparing with the last look; a new listener starts from today's snowflakes
    // instead of hearing about every one that appeared while nobody listened.
    if (row.enabled && row.events.includes("snowflake-new")) await tx.delete(alertSnowflakeWatch).where(eq(alertSnowflakeWatch.fleetId, fleet.id));
    await writeAudit(tx, actor, "alert-channel.create", fleet.name, auditDetail(row));
    // Warned, not refused: the variable may be set on the instance that delivers (several app instances).
    return { ...channelView(row), warnings: missingEnvWarnings(row, process.env) };
  });
  // Hosts carry "does a channel listen for drift" in the auth cache.
  forgetHostAuth(db);
  return out;
}

/** The audit row: the config as stored (names of environment variables, never their values). */
export function auditDetail(c: typeof alertChannels.$inferSelect) {
  return { channelId: c.id, name: c.name, kind: c.kind, url: c.url, urlEnv: c.urlEnv, secretEnv: c.secretEnv, events: c.events, groupSeconds: c.groupSeconds, enabled: c.enabled };
}

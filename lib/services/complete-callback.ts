import "server-only";
import { and, eq } from "drizzle-orm";
import { fleets, rebuildHosts, rebuildRequests } from "@/db/schema";
import type { Db } from "@/db/client";
import { signedByFleetWebhook } from "@/lib/providers/signature";
import { AppError, notFound } from "@/lib/server/errors";
import { forgetHostAuth } from "./host-auth-cache";
import { writeAudit } from "./audit";
import { advanceRollout } from "./advance-rollout";

/**
 * A CI pipeline triggered by the webhook provider reports completion here. Authenticated by the same HMAC
 * secret the trigger was signed with; success hands the host to verification, failure fails it.
 */
export async function completeCallback(
  db: Db,
  requestId: string,
  raw: string,
  sig: { signature: string | null; timestamp: string | null },
  body: { hostname: string; status: "succeeded" | "failed"; message?: string },
  env: Record<string, string | undefined> = process.env,
  now = new Date(),
) {
  const [ctx] = await db
    .select({ fleet: fleets, hostId: rebuildHosts.hostId, status: rebuildHosts.status })
    .from(rebuildRequests)
    .innerJoin(fleets, eq(fleets.id, rebuildRequests.fleetId))
    .innerJoin(rebuildHosts, and(eq(rebuildHosts.requestId, rebuildRequests.id), eq(rebuildHosts.hostname, body.hostname)))
    .where(eq(rebuildRequests.id, requestId));
  if (!ctx) throw notFound(`Request ${requestId} has no host ${body.hostname}.`);
  if (!signedByFleetWebhook(ctx.fleet.provider, raw, sig, env)) {
    throw new AppError("unauthorized", "Callback signature missing, wrong or too old; sign \"<timestamp>.<body>\" with the webhook secret.");
  }
  const result = await db.transaction(async (tx) => {
    const where = and(eq(rebuildHosts.requestId, requestId), eq(rebuildHosts.hostId, ctx.hostId), eq(rebuildHosts.status, "running"));
    const set =
      body.status === "succeeded"
        ? { status: "verifying" as const, providerDoneAt: now, verifyBy: new Date(now.getTime() + ctx.fleet.verifyMinutes * 60_000), message: body.message ?? "CI pipeline finished" }
        : { status: "failed" as const, finishedAt: now, message: body.message ?? "CI pipeline failed" };
    const [row] = await tx.update(rebuildHosts).set(set).where(where).returning({ hostId: rebuildHosts.hostId });
    if (!row) throw new AppError("conflict", `Host ${body.hostname} is not waiting for a callback (it is ${ctx.status}).`);
    await writeAudit(tx, { name: `webhook:${ctx.fleet.name}`, ip: null }, `rebuild.callback-${body.status}`, requestId, { host: body.hostname, message: body.message });
    await advanceRollout(tx, requestId, now);
    return { status: set.status };
  });
  // The host now waits for verification: its next check-in must not be answered from the auth cache.
  forgetHostAuth(db);
  return result;
}

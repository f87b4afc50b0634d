import "server-only";
import { and, asc, eq, isNotNull } from "drizzle-orm";
import { fleets, hosts, rebuildHosts, rebuildRequests } from "@/db/schema";
import type { Db } from "@/db/client";
import { signedByFleetWebhook } from "@/lib/providers/signature";
import { AppError, notFound } from "@/lib/server/errors";

/**
 * The work a fleet's CI pipeline was triggered for and has not reported yet. A GitLab project that forbids pipeline
 * variables triggers its pipeline bare ("variables": false); the pipeline asks here what to rebuild (its own
 * pipeline id narrows it to its host), then reports each host on its callback. Signed like the callback, with the
 * fleet's webhook secret, so only that pipeline can read it.
 */
export async function listDispatched(
  db: Db,
  raw: string,
  sig: { signature: string | null; timestamp: string | null },
  body: { fleet: string; pipelineId?: string },
  base: string,
  env: Record<string, string | undefined> = process.env,
) {
  const [fleet] = await db.select().from(fleets).where(eq(fleets.name, body.fleet));
  if (!fleet) throw notFound(`No fleet ${body.fleet}.`);
  if (!signedByFleetWebhook(fleet.provider, raw, sig, env)) {
    throw new AppError("unauthorized", 'Signature missing, wrong or too old; sign "<timestamp>.<body>" with the fleet\'s webhook secret (secretEnv).');
  }
  const rows = await db
    .select({
      requestId: rebuildHosts.requestId,
      hostname: rebuildHosts.hostname,
      providerRef: hosts.providerRef,
      specVersion: rebuildRequests.specVersion,
      pipelineId: rebuildHosts.externalId,
      startedAt: rebuildHosts.startedAt,
    })
    .from(rebuildHosts)
    .innerJoin(rebuildRequests, eq(rebuildRequests.id, rebuildHosts.requestId))
    .innerJoin(hosts, eq(hosts.id, rebuildHosts.hostId))
    .where(
      and(
        eq(rebuildRequests.fleetId, fleet.id),
        eq(rebuildRequests.status, "running"),
        eq(rebuildHosts.status, "running"),
        isNotNull(rebuildHosts.externalId),
        body.pipelineId ? eq(rebuildHosts.externalId, body.pipelineId) : undefined,
      ),
    )
    .orderBy(asc(rebuildHosts.startedAt));
  return {
    dispatches: rows.map((r) => ({
      ...r,
      fleet: fleet.name,
      startedAt: r.startedAt?.toISOString() ?? null,
      callbackUrl: `${base}/api/v1/rebuilds/${r.requestId}/callback`,
    })),
  };
}

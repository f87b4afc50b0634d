import { eq } from "drizzle-orm";
import { fleets, hosts, rebuildHosts, rebuildRequests } from "@/db/schema";
import type { Tx } from "@/db/client";
import { notFound } from "@/lib/server/errors";

/**
 * Locks the request row for the rest of the transaction. Approve, reject, cancel and the sweeper all start
 * here, so two people clicking at once are serialised and exactly one of them moves the request on.
 */
export async function lockRequest(tx: Tx, id: string) {
  if (!/^[0-9a-f-]{36}$/.test(id)) throw notFound(`No rebuild request ${id}.`);
  const [req] = await tx.select().from(rebuildRequests).where(eq(rebuildRequests.id, id)).for("update");
  if (!req) throw notFound(`No rebuild request ${id}.`);
  const [fleet] = await tx.select().from(fleets).where(eq(fleets.id, req.fleetId));
  const targets = await tx
    .select({ hostname: rebuildHosts.hostname, fingerprint: rebuildHosts.fingerprintAtRequest, current: hosts.fingerprintHash })
    .from(rebuildHosts)
    .innerJoin(hosts, eq(hosts.id, rebuildHosts.hostId))
    .where(eq(rebuildHosts.requestId, id));
  return { req, fleet, targets };
}

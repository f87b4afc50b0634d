import "server-only";
import { eq } from "drizzle-orm";
import { fleets, hosts, rebuildApprovals, rebuildHosts, rebuildRequests } from "@/db/schema";
import type { Tx } from "@/db/client";
import { staleReasons } from "@/lib/core/rebuild-plan";
import { conflict, notFound } from "@/lib/server/errors";
import type { Principal } from "@/lib/server/principal";

/**
 * Locks the request row for the rest of the transaction. Approve, reject, cancel and the sweeper all start
 * here, so two people clicking at once are serialised and exactly one of them moves the request on.
 */
export async function lockRequest(tx: Tx, id: string) {
  if (!/^[0-9a-f-]{36}$/.test(id)) throw notFound(`No rebuild request ${id}.`);
  const [req] = await tx.select().from(rebuildRequests).where(eq(rebuildRequests.id, id)).for("update");
  if (!req) throw notFound(`No rebuild request ${id}.`);
  return req;
}

/** What staleness is judged against: the fleet's spec version now, and each target's fingerprint then and now. */
async function requestTargets(tx: Tx, req: typeof rebuildRequests.$inferSelect) {
  const [fleet] = await tx.select().from(fleets).where(eq(fleets.id, req.fleetId));
  const targets = await tx
    .select({ hostname: rebuildHosts.hostname, fingerprint: rebuildHosts.fingerprintAtRequest, current: hosts.fingerprintHash })
    .from(rebuildHosts)
    .innerJoin(hosts, eq(hosts.id, rebuildHosts.hostId))
    .where(eq(rebuildHosts.requestId, req.id));
  return { fleet, targets };
}

/** Why approving the request now would act on what is no longer there (empty: it is not stale). */
export async function staleReasonsOf(tx: Tx, req: typeof rebuildRequests.$inferSelect): Promise<string[]> {
  const { fleet, targets } = await requestTargets(tx, req);
  return staleReasons(
    { specVersion: req.specVersion, hosts: targets.map((t) => ({ hostname: t.hostname, fingerprint: t.fingerprint })) },
    { specVersion: fleet.specVersion, fingerprints: new Map(targets.map((t) => [t.hostname, t.current])) },
  );
}

/** One decision per person per request (a unique index backs it); a second one is a conflict. */
export async function recordDecision(tx: Tx, who: Principal, id: string, decision: "approve" | "reject", comment: string | null, at: Date) {
  const [inserted] = await tx
    .insert(rebuildApprovals)
    .values({ requestId: id, userId: who.userId, userName: who.name || who.email, decision, comment, at })
    .onConflictDoNothing()
    .returning({ id: rebuildApprovals.id });
  if (!inserted) throw conflict("You already decided on this request.");
}

import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { fleets, hosts, rebuildHosts } from "@/db/schema";
import type { Db } from "@/db/client";
import { conflict, notFound } from "@/lib/server/errors";
import { OPEN_HOST_STATUSES } from "@/model/rebuild-status";
import { writeAudit, type Actor } from "./audit";
import { findHost } from "./get-host";
import { forgetHostAuth } from "./host-auth-cache";

/** A rebuild that still acts on the host: deleting under it would pull the row from a running job. */
const ACTIVE = [...OPEN_HOST_STATUSES];

/**
 * Deletes a host and its history (cascade); its key stops working at once. The audit row keeps what it was. If the
 * machine still runs an agent with a current enroll secret, it enrols again as a new host at its next run.
 */
export async function deleteHost(db: Db, actor: Actor, hostname: string, fleetName?: string) {
  const { host, fleet } = await findHost(db, hostname, fleetName);
  const out = await db.transaction(async (tx) => {
    const active = sql`exists (select 1 from ${rebuildHosts} where ${rebuildHosts.hostId} = ${hosts.id} and ${inArray(rebuildHosts.status, ACTIVE)})`;
    const [gone] = await tx.delete(hosts).where(and(eq(hosts.id, host.id), sql`not ${active}`)).returning();
    if (!gone) {
      const [busy] = await tx.select({ requestId: rebuildHosts.requestId, status: rebuildHosts.status }).from(rebuildHosts).where(and(eq(rebuildHosts.hostId, host.id), inArray(rebuildHosts.status, ACTIVE))).limit(1);
      if (busy) throw conflict(`Host "${host.hostname}" is part of rebuild request ${busy.requestId} (${busy.status}); cancel the request or let it finish first.`);
      throw notFound(`No host "${hostname}" in fleet "${fleet.name}" (deleted meanwhile).`);
    }
    // The fleet's counts are recomputed from its hosts when its revision moves: one host fewer in its group.
    if (gone.fingerprintHash) await tx.update(fleets).set({ revision: sql`${fleets.revision} + 1` }).where(eq(fleets.id, fleet.id));
    await writeAudit(tx, actor, "host.delete", gone.hostname, {
      fleet: fleet.name,
      hostId: gone.id,
      machineId: gone.machineId,
      fingerprint: gone.fingerprintHash,
      enrolledAt: gone.enrolledAt.toISOString(),
      lastSeen: gone.lastSeen?.toISOString() ?? null,
      providerRef: gone.providerRef,
      enrollSecretId: gone.enrollSecretId,
    });
    return { hostname: gone.hostname, fleet: fleet.name, deleted: true as const };
  });
  forgetHostAuth(db);
  return out;
}

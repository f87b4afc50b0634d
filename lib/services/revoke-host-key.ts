import "server-only";
import { and, eq, isNotNull } from "drizzle-orm";
import { hostHistory, hosts } from "@/db/schema";
import type { Db } from "@/db/client";
import { conflict, notFound } from "@/lib/server/errors";
import { writeAudit, type Actor } from "./audit";
import { findHost } from "./get-host";
import { forgetHostAuth } from "./host-auth-cache";

/**
 * Revokes one host's key: its next check-in or report gets 401 and it must enroll again (an agent that still has a
 * current enroll secret does so on its own at its next run; revoke the secret too to keep it out).
 */
export async function revokeHostKey(db: Db, actor: Actor, hostname: string, fleetName?: string) {
  const { host, fleet } = await findHost(db, hostname, fleetName);
  const at = new Date();
  const out = await db.transaction(async (tx) => {
    // Conditional: of two admins revoking at once, one revokes and the other is told it already happened.
    const [row] = await tx
      .update(hosts)
      .set({ hostKeyHash: null, keyRevokedAt: at, reportDigest: null })
      .where(and(eq(hosts.id, host.id), isNotNull(hosts.hostKeyHash)))
      .returning({ id: hosts.id, enrollSecretId: hosts.enrollSecretId });
    if (!row) {
      const [still] = await tx.select({ revokedAt: hosts.keyRevokedAt }).from(hosts).where(eq(hosts.id, host.id));
      if (!still) throw notFound(`No host "${hostname}" in fleet "${fleet.name}" (deleted meanwhile).`);
      throw conflict(`Host "${hostname}" of fleet "${fleet.name}" has no active key (revoked ${still.revokedAt?.toISOString() ?? "before"}); it must enroll again.`);
    }
    await tx.insert(hostHistory).values({ hostId: host.id, at, event: "key-revoked", detail: { by: actor.name } });
    await writeAudit(tx, actor, "host.revoke-key", host.hostname, { fleet: fleet.name, hostId: host.id, machineId: host.machineId, enrollSecretId: row.enrollSecretId });
    return { hostname: host.hostname, fleet: fleet.name, keyRevokedAt: at.toISOString() };
  });
  // After the commit: a cached lookup of the old key must not answer for it any more.
  forgetHostAuth(db);
  return out;
}

import { and, eq, isNull, sql } from "drizzle-orm";
import { enrollSecrets, hostHistory, hosts } from "@/db/schema";
import type { Db } from "@/db/client";
import { unauthorized } from "@/lib/server/errors";
import { hashSecret, newSecret } from "@/lib/server/secrets";
import { writeAudit } from "./audit";
import { forgetHostAuth } from "./host-auth-cache";

/**
 * A host is known by its hostname within its fleet, so re-enrolling (a reinstalled agent, a rebuilt server
 * with a fresh state dir) continues the same record and rotates its key instead of creating a twin.
 */
export async function enrollHost(db: Db, ip: string | null, input: { secret: string; hostname: string; machineId: string | null }) {
  const [secret] = await db
    .select({ fleetId: enrollSecrets.fleetId })
    .from(enrollSecrets)
    .where(and(eq(enrollSecrets.secretHash, hashSecret(input.secret)), isNull(enrollSecrets.revokedAt)));
  if (!secret) throw unauthorized("Unknown or revoked enroll secret; ask an admin for a current one.");
  const hostKey = newSecret("fph");
  const result = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(hosts)
      .values({ fleetId: secret.fleetId, hostname: input.hostname, machineId: input.machineId, hostKeyHash: hashSecret(hostKey) })
      .onConflictDoUpdate({
        target: [hosts.fleetId, hosts.hostname],
        set: { hostKeyHash: hashSecret(hostKey), machineId: sql`coalesce(excluded.machine_id, ${hosts.machineId})` },
      })
      // xmax = 0 only on a freshly inserted row: tells a first enrolment from a re-enrolment in one statement.
      .returning({ id: hosts.id, inserted: sql<boolean>`(xmax = 0)` });
    const fresh = Boolean(row.inserted);
    if (fresh) await tx.insert(hostHistory).values({ hostId: row.id, at: new Date(), event: "enrolled" });
    await writeAudit(tx, { name: `host:${input.hostname}`, ip }, fresh ? "host.enroll" : "host.re-enroll", input.hostname, {
      fleetId: secret.fleetId,
      machineId: input.machineId,
    });
    return { hostId: row.id, hostKey, fresh };
  });
  // A re-enrolment rotates the key: the old one must stop working at once.
  if (!result.fresh) forgetHostAuth(db);
  return { hostId: result.hostId, hostKey: result.hostKey };
}

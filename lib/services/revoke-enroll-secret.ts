import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { enrollSecrets } from "@/db/schema";
import { rowsOf, type Db } from "@/db/client";
import { notFound } from "@/lib/server/errors";
import { writeAudit, type Actor } from "./audit";
import { findFleet } from "./find-fleet";
import { forgetHostAuth } from "./host-auth-cache";

/**
 * Revokes an enroll secret: new enrolments with it get 401. With `revokeKeys`, the keys it issued (hosts whose
 * current key came through it) are revoked too, for a secret that leaked together with what it let in.
 */
export async function revokeEnrollSecret(db: Db, actor: Actor, fleetName: string, secretId: number, opts: { revokeKeys?: boolean } = {}) {
  const out = await db.transaction(async (tx) => {
    const fleet = await findFleet(tx, fleetName);
    const at = new Date();
    // Updating the secret row first waits for enrolments holding it (they lock it FOR SHARE): their keys are then
    // visible to the revocation of keys below, and later enrolments see the secret revoked.
    const [row] = await tx
      .update(enrollSecrets)
      .set({ revokedAt: at })
      .where(and(eq(enrollSecrets.id, secretId), eq(enrollSecrets.fleetId, fleet.id), isNull(enrollSecrets.revokedAt)))
      .returning();
    if (!row) throw notFound(`Fleet "${fleet.name}" has no active enroll secret ${secretId}.`);
    let revokedKeys = 0;
    if (opts.revokeKeys) {
      // One statement, whatever the number of hosts (no bind parameter per host).
      const [r] = rowsOf<{ n: number }>(
        await tx.execute(sql`
          with r as (
            update hosts set host_key_hash = null, key_revoked_at = ${at.toISOString()}::timestamptz, report_digest = null
            where enroll_secret_id = ${secretId} and host_key_hash is not null
            returning id
          ), history as (
            insert into host_history (host_id, at, event, detail)
            select id, ${at.toISOString()}::timestamptz, 'key-revoked', ${JSON.stringify({ by: actor.name, enrollSecretId: secretId })}::jsonb from r
          )
          select count(*)::int as n from r`),
      );
      revokedKeys = Number(r?.n ?? 0);
    }
    await writeAudit(tx, actor, "enroll-secret.revoke", fleet.name, opts.revokeKeys ? { secretId, revokedKeys } : { secretId });
    return { id: row.id, revokedAt: row.revokedAt, revokedKeys };
  });
  if (out.revokedKeys) forgetHostAuth(db);
  return out;
}

import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { unauthorized } from "@/lib/server/errors";
import { hashSecret, newSecret } from "@/lib/server/secrets";
import { forgetHostAuth } from "./host-auth-cache";

/**
 * A host is known by its hostname within its fleet, so re-enrolling (a reinstalled agent, a rebuilt server
 * with a fresh state dir) continues the same record and rotates its key instead of creating a twin.
 *
 * One statement does it all (secret check, host upsert, history, audit): a statement is its own transaction, and
 * the herd after a fleet is created enrols thousands of hosts a minute.
 */
export async function enrollHost(db: Db, ip: string | null, input: { secret: string; hostname: string; machineId: string | null }) {
  const hostKey = newSecret("fph");
  const [row] = rowsOf<{ id: number; inserted: boolean; fleet_id: number }>(
    await db.execute(sql`
      with s as (
        select fleet_id from enroll_secrets where secret_hash = ${hashSecret(input.secret)} and revoked_at is null
      ), h as (
        insert into hosts (fleet_id, hostname, machine_id, host_key_hash)
        select fleet_id, ${input.hostname}, ${input.machineId}::text, ${hashSecret(hostKey)} from s
        on conflict (fleet_id, hostname) do update
          set host_key_hash = excluded.host_key_hash, machine_id = coalesce(excluded.machine_id, hosts.machine_id), report_digest = null
        -- xmax = 0 only on a freshly inserted row: tells a first enrolment from a re-enrolment.
        returning id, (xmax = 0) as inserted, fleet_id
      ), history as (
        insert into host_history (host_id, at, event) select id, now(), 'enrolled' from h where inserted
      ), audit as (
        insert into audit_log (actor, ip, action, subject, detail)
        select ${`host:${input.hostname}`}, ${ip}::text, case when inserted then 'host.enroll' else 'host.re-enroll' end, ${input.hostname},
          jsonb_build_object('fleetId', fleet_id, 'machineId', ${input.machineId}::text)
        from h
      )
      select id, inserted, fleet_id from h`),
  );
  if (!row) throw unauthorized("Unknown or revoked enroll secret; ask an admin for a current one.");
  // A re-enrolment rotates the key: the old one must stop working at once.
  if (!row.inserted) forgetHostAuth(db);
  return { hostId: Number(row.id), hostKey };
}

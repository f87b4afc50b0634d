import "server-only";
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { decideEnrollment, enrollmentRecord, type EnrollDecision, type EnrolledHost } from "@/lib/core/host-identity";
import { conflict, unauthorized } from "@/lib/server/errors";
import { hashSecret, newSecret } from "@/lib/server/secrets";
import { enrollNew } from "./enroll-batch";
import { forgetHostAuth } from "./host-auth-cache";
import { writeHostRecord } from "./host-identity-write";

type Write = Exclude<EnrollDecision, { kind: "conflict" }>;
interface Input {
  secret: string;
  hostname: string;
  machineId: string | null;
}
interface Secret {
  id: number;
  fleetId: number;
  fleet: string;
}

const ATTEMPTS = 3;

/**
 * A host is its hostname within its fleet; its machine id says which machine holds the name (lib/core/host-identity):
 * a re-enrolment continues the record and rotates its key, a new machine under the name replaces the old one (whose
 * key stops working), a known machine under a new name renames its record. The issuing secret is recorded so
 * revoking it can revoke the keys it issued.
 *
 * A new host goes in a batch with the others enrolling at that moment (enroll-batch.ts). Anything else takes two
 * statements and no transaction, because the herd after a fleet is created enrols thousands of hosts a minute:
 * one reads the secret and the records that match, the other writes only if those records are still as read
 * (otherwise the decision is taken again on fresh rows).
 */
export async function enrollHost(db: Db, ip: string | null, input: Input) {
  const hostKey = newSecret("fph");
  const request = { secretHash: hashSecret(input.secret), hostname: input.hostname, machineId: input.machineId, keyHash: hashSecret(hostKey), ip };
  const hostId = await enrollNew(db, request);
  if (hostId !== null) return { hostId, hostKey };
  for (let i = 0; i < ATTEMPTS; i++) {
    const read = await readState(db, request.secretHash, input);
    if (!read) throw unauthorized("Unknown or revoked enroll secret; ask an admin for a current one.");
    const decision = decideEnrollment({ fleet: read.secret.fleet, hostname: input.hostname, machineId: input.machineId }, read.found);
    if (decision.kind === "conflict") throw conflict(decision.message);
    const hostId = await write(db, ip, read.secret, input, decision, request.keyHash);
    if (hostId === null) continue;
    // A new key for a known record: the old one must stop working at once.
    if (decision.kind !== "enroll") forgetHostAuth(db);
    return { hostId, hostKey };
  }
  throw conflict(`Host "${input.hostname}" changed while it was enrolling (another enrolment of it?); try again.`);
}

async function readState(db: Db, secretHash: string, input: Input): Promise<{ secret: Secret; found: EnrolledHost[] } | null> {
  // At most one record has the hostname (read first); a few with the machine id tell a rename from a conflict.
  const rows = rowsOf<{ secret_id: number; fleet_id: number; fleet: string; id: number | null; hostname: string | null; machine_id: string | null }>(
    await db.execute(sql`
      with s as (select id, fleet_id from enroll_secrets where secret_hash = ${secretHash} and revoked_at is null)
      select s.id as secret_id, s.fleet_id, f.name as fleet, h.id, h.hostname, h.machine_id
      from s join fleets f on f.id = s.fleet_id
      left join lateral (
        select id, hostname, machine_id from hosts
        where fleet_id = s.fleet_id and (hostname = ${input.hostname} or machine_id = ${input.machineId}::text)
        order by hostname = ${input.hostname} desc
        limit 10
      ) h on true`),
  );
  if (rows.length === 0) return null;
  const secret = { id: Number(rows[0].secret_id), fleetId: Number(rows[0].fleet_id), fleet: rows[0].fleet };
  const found = rows.filter((r) => r.id !== null).map((r) => ({ id: Number(r.id), hostname: r.hostname!, machineId: r.machine_id }));
  return { secret, found };
}

/** The host's id, or null when the records moved since they were read (or the secret was revoked meanwhile). */
async function write(db: Db, ip: string | null, secret: Secret, input: Input, d: Write, keyHash: string): Promise<number | null> {
  const { event, action, detail } = enrollmentRecord(d);
  const auditDetail = JSON.stringify({ fleetId: secret.fleetId, machineId: input.machineId, enrollSecretId: secret.id, ...detail });
  // FOR SHARE on the secret: a revocation of it (with its keys) waits for this key to be written, then revokes it too.
  const secretLock = sql`s as (select id from enroll_secrets where id = ${secret.id} and revoked_at is null for share)`;
  const record = sql`
    history as (
      insert into host_history (host_id, at, event, detail) select id, now(), ${event}::text, ${detail ? JSON.stringify(detail) : null}::jsonb from h where ${event}::text is not null
    ), audit as (
      insert into audit_log (actor, ip, action, subject, detail)
      select ${`host:${input.hostname}`}, ${ip}::text, ${action}, ${input.hostname}, ${auditDetail}::jsonb from h
    )
    select id from h`;
  const statement =
    d.kind === "enroll"
      ? sql`with ${secretLock}, h as (
          insert into hosts (fleet_id, hostname, machine_id, host_key_hash, enroll_secret_id)
          select ${secret.fleetId}, ${input.hostname}, ${input.machineId}::text, decode(${keyHash}, 'hex'), id from s
          on conflict (fleet_id, hostname) do nothing
          returning id
        ), ${record}`
      : sql`with ${secretLock}, h as (
          update hosts set host_key_hash = decode(${keyHash}, 'hex'), enroll_secret_id = s.id, key_revoked_at = null, report_digest = null,
            hostname = ${input.hostname}, machine_id = coalesce(${input.machineId}::text, hosts.machine_id)
          from s
          where hosts.id = ${d.host.id} and hosts.hostname = ${d.host.hostname} and hosts.machine_id is not distinct from ${d.host.machineId}::text
          returning hosts.id
        ), ${record}`;
  return writeHostRecord(db, statement);
}

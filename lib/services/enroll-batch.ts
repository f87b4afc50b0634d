import "server-only";
// Group commit for enrolments of new hosts. The herd after a fleet is created enrols thousands of hosts a
// minute; one by one each costs two statements (read, then write if unchanged), and on the embedded database every
// statement is a commit on the thread that also serves requests. Queued here, the enrolments that arrive while a
// batch is being written go together in the next one: one statement reads every secret and matching record, one
// writes every new host with its audit entry. Only the common case is written here: a hostname and
// machine id that no record of the fleet has (decided by the same rule, lib/core/host-identity). Everything else
// (re-enrolment, replacement, rename, conflicts, unknown secrets, a write that found the name taken) is answered
// null, and the caller takes the one-by-one path, which reads again and decides on fresh rows.
import { sql } from "drizzle-orm";
import { driverOf, rowsOf, type Db } from "@/db/client";
import { pgArray } from "@/db/sql-array";
import { decideEnrollment, enrollmentRecord } from "@/lib/core/host-identity";
import { groupCommit } from "./group-commit";
import { hostAuthStamp } from "./host-auth-cache";
import { rememberEnrolled } from "./ingest-fingerprint";
import { log } from "@/lib/server/log";

export interface EnrollRequest {
  secretHash: string;
  hostname: string;
  machineId: string | null;
  keyHash: string;
  ip: string | null;
}

/**
 * The new host's id once committed, or null: not a new host (or it raced), to be enrolled one by one. Two enrolments
 * that could decide on each other (the same name, or the same machine under two names) never share a batch, so
 * each is decided after the other's write.
 */
export const enrollNew = groupCommit<EnrollRequest, number | null>({
  name: "enrolments",
  max: 64,
  keys: (r) => [`n\0${r.hostname}`, ...(r.machineId ? [`m\0${r.machineId}`] : [])],
  write: enrollBatch,
  // The one-by-one path will meet the same cause (a database down) and report it; a lost race costs nothing.
  fallback: async (_db, reqs, e) => {
    log.warn({ err: e }, "batched enrolment failed; enrolling one by one");
    return reqs.map(() => ({ ok: true as const, value: null }));
  },
});

interface ReadRow {
  n: number;
  secret_id: number;
  fleet_id: number;
  fleet: string;
  id: number | null;
  hostname: string | null;
  machine_id: string | null;
}

async function enrollBatch(db: Db, reqs: EnrollRequest[]): Promise<(number | null)[]> {
  const col = <T extends string | null>(f: (r: EnrollRequest) => T) => pgArray(reqs.map(f), "text");
  // The same read as the one-by-one path (enroll-host.ts readState), for every request at once.
  const read = rowsOf<ReadRow>(
    await db.execute(sql`
      with i as (select * from unnest(${col((r) => r.secretHash)}, ${col((r) => r.hostname)}, ${col((r) => r.machineId)})
          with ordinality as i(secret_hash, hostname, mid, n)),
        s as (select i.n, i.hostname, i.mid, e.id, e.fleet_id from i join enroll_secrets e on e.secret_hash = i.secret_hash and e.revoked_at is null)
      select s.n, s.id as secret_id, s.fleet_id, f.name as fleet, h.id, h.hostname, h.machine_id
      from s join fleets f on f.id = s.fleet_id
      left join lateral (
        select id, hostname, machine_id from hosts
        where fleet_id = s.fleet_id and (hostname = s.hostname or machine_id = s.mid)
        limit 1
      ) h on true`),
  );
  const byN = new Map<number, ReadRow>(read.map((r) => [Number(r.n), r]));
  const fresh: { at: number; secretId: number; fleetId: number; req: EnrollRequest }[] = [];
  let record: ReturnType<typeof enrollmentRecord> | null = null;
  reqs.forEach((req, at) => {
    const row = byN.get(at + 1);
    if (!row || row.id !== null) return; // unknown secret, or a record to continue: one by one
    const d = decideEnrollment({ fleet: row.fleet, hostname: req.hostname, machineId: req.machineId }, []);
    if (d.kind !== "enroll") return;
    record = enrollmentRecord(d);
    fresh.push({ at, secretId: Number(row.secret_id), fleetId: Number(row.fleet_id), req });
  });
  const out: (number | null)[] = reqs.map(() => null);
  if (!record) return out;
  // Only new hosts come here: their enrolment is the row itself (no history row, see enrollmentRecord).
  const { action } = record as ReturnType<typeof enrollmentRecord>;
  const f = <T extends string | number | null>(fn: (x: (typeof fresh)[number]) => T, type: "int" | "text") => pgArray(fresh.map(fn), type);
  // Stamped before the write: a channel or policy change that commits meanwhile forgets everything, and then
  // what the write returns about the fleet is not remembered (see host-auth-cache.ts).
  const stamps = new Map(fresh.map((x) => [x.req.keyHash, hostAuthStamp(db, x.req.keyHash)]));
  // FOR SHARE on the secrets, as one by one: a revocation waits for these keys, then revokes them too. A name taken
  // meanwhile (another instance) inserts nothing for it, and that request goes one by one.
  const written = rowsOf<{ id: number; n: number; fleet_id: number; collect_content: boolean; drift_alerts: boolean }>(
    await db.execute(sql`
      with i as (select * from unnest(${f((x) => x.at, "int")}, ${f((x) => x.secretId, "int")}, ${f((x) => x.fleetId, "int")},
          ${f((x) => x.req.hostname, "text")}, ${f((x) => x.req.machineId, "text")}, ${f((x) => x.req.keyHash, "text")}, ${f((x) => x.req.ip, "text")})
          as i(n, secret_id, fleet_id, hostname, mid, key_hash, ip)),
        s as (select id from enroll_secrets where id in (select secret_id from i) and revoked_at is null for share),
        h as (
          insert into hosts (fleet_id, hostname, machine_id, host_key_hash, enroll_secret_id)
          select i.fleet_id, i.hostname, i.mid, decode(i.key_hash, 'hex'), i.secret_id from i join s on s.id = i.secret_id
          order by i.n
          on conflict (fleet_id, hostname) do nothing
          returning id, fleet_id, hostname),
        hi as (select h.id, i.* from h join i on i.fleet_id = h.fleet_id and i.hostname = h.hostname),
        audit as (
          insert into audit_log (actor, ip, action, subject, detail)
          select 'host:' || hostname, ip, ${action}, hostname,
            jsonb_build_object('fleetId', fleet_id, 'machineId', mid, 'enrollSecretId', secret_id) from hi)
      select hi.id, hi.n, hi.fleet_id, f.collect_content,
        exists (select 1 from alert_channels a where a.fleet_id = hi.fleet_id and a.enabled and 'host-drifted' = any(a.events)) as drift_alerts
      from hi join fleets f on f.id = hi.fleet_id`),
  );
  const pglite = driverOf(db) === "pglite";
  const byAt = new Map(fresh.map((x) => [x.at, x.req]));
  for (const r of written) {
    out[Number(r.n)] = Number(r.id);
    // The agent reports right after it enrols: its first check-in is then answered without reading the host.
    const req = byAt.get(Number(r.n))!;
    if (pglite) rememberEnrolled(db, { id: Number(r.id), fleetId: Number(r.fleet_id), hostname: req.hostname, machineId: req.machineId, keyHash: req.keyHash, collectContent: Boolean(r.collect_content), driftAlerts: Boolean(r.drift_alerts) }, stamps.get(req.keyHash)!);
  }
  return out;
}

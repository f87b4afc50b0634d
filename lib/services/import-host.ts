import "server-only";
// POST /api/v1/imports: another collector's output (osquery, Ansible, an SBOM) becomes a report of a host, found or
// created with enrolment's identity rule (lib/core/host-identity), then ingested exactly as the agent's report is
// (history, drift, snowflakes, alerts, rebuild verification).
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { decideEnrollment, enrollmentRecord, type EnrollDecision, type EnrolledHost } from "@/lib/core/host-identity";
import { mapImport, type ImportOptions } from "@/lib/core/import-map";
import { ImportProblem, type ImportFormat } from "@/lib/core/import-report";
import { parseReport } from "@/lib/core/parse-report";
import { badRequest, conflict } from "@/lib/server/errors";
import type { Actor } from "./audit";
import { findFleet } from "./find-fleet";
import { forgetHostAuth, hostAuthStamp } from "./host-auth-cache";
import { hostForIngest, ingestFingerprint } from "./ingest-fingerprint";
import { writeHostRecord } from "./host-identity-write";

const ATTEMPTS = 3;
type Write = Exclude<EnrollDecision, { kind: "conflict" }>;

export interface ImportInput extends Omit<ImportOptions, "now"> {
  format: ImportFormat;
  fleet: string;
  body: unknown;
}

/** The report the body stands for, checked as the agent's is; any problem is a 400 and nothing is written. */
function readImport(input: ImportInput, now: Date) {
  let mapped;
  try {
    mapped = mapImport(input.format, input.body, { hostname: input.hostname, table: input.table, now });
  } catch (e) {
    if (e instanceof ImportProblem) throw badRequest(e.message);
    throw e;
  }
  const parsed = parseReport(mapped.report);
  if (!parsed.ok) throw badRequest(`This ${input.format} body does not make a valid report: ${parsed.error}`);
  return { report: parsed.report, configsCollected: mapped.configsCollected };
}

export async function importHost(db: Db, actor: Actor, input: ImportInput, now = new Date()) {
  const { report, configsCollected } = readImport(input, now);
  const fleet = await findFleet(db, input.fleet);
  const who = { hostname: report.hostname, machineId: report.machineId };
  for (let i = 0; i < ATTEMPTS; i++) {
    const found = await readMatches(db, fleet.id, who);
    const decision = decideEnrollment({ fleet: fleet.name, ...who }, found);
    if (decision.kind === "conflict") throw conflict(decision.message);
    const detail = { format: input.format, packages: report.packages.length, configs: configsCollected ? report.configs.length : null };
    const hostId = await writeIdentity(db, actor, { fleetId: fleet.id, ...who, source: input.format, configsCollected }, decision, detail, now);
    if (hostId === null) continue;
    // A replaced machine's key stops working, a renamed record's cached name is stale.
    if (decision.kind === "replace" || decision.kind === "rename") forgetHostAuth(db);
    const host = await hostForIngest(db, hostId);
    if (!host) continue; // deleted meanwhile: decide again
    // An agent's key on this record: its cached entry still says "agent"; its next report must find the import's
    // origin (and send its full report: report_digest was cleared) to take the host back.
    if (host.keyHash) {
      forgetHostAuth(db, host.keyHash);
      host.stamp = hostAuthStamp(db, host.keyHash);
    }
    const result = await ingestFingerprint(db, host, report, now, null, null, { source: input.format, configsCollected });
    return { hostname: report.hostname, fleet: fleet.name, identity: decision.kind, source: input.format, configsCollected, packages: report.packages.length, configs: report.configs.length, ...result };
  }
  throw conflict(`Host "${report.hostname}" changed while it was being imported (another import or enrolment of it?); try again.`);
}

/** The fleet's records with this hostname or machine id, the named one first (enroll-host.ts reads the same). */
async function readMatches(db: Db, fleetId: number, who: { hostname: string; machineId: string | null }): Promise<EnrolledHost[]> {
  const rows = rowsOf<{ id: number; hostname: string; machine_id: string | null }>(
    await db.execute(sql`select id, hostname, machine_id from hosts
      where fleet_id = ${fleetId} and (hostname = ${who.hostname} or machine_id = ${who.machineId}::text)
      order by hostname = ${who.hostname} desc limit 10`),
  );
  return rows.map((r) => ({ id: Number(r.id), hostname: r.hostname, machineId: r.machine_id }));
}

interface Identity {
  fleetId: number;
  hostname: string;
  machineId: string | null;
  source: ImportFormat;
  configsCollected: boolean;
}

/**
 * Creates the host, or updates the record the decision names only if it is still as read (else null: decide
 * again). Its history event and the audit row are written by the same statement. A replacement's old key is
 * revoked (the machine behind it is gone); a continued record keeps its key, so an agent on it still reports.
 */
async function writeIdentity(db: Db, actor: Actor, who: Identity, d: Write, detail: Record<string, unknown>, now: Date): Promise<number | null> {
  const { event, detail: eventDetail } = enrollmentRecord(d);
  const auditDetail = JSON.stringify({ fleetId: who.fleetId, machineId: who.machineId, identity: d.kind, ...eventDetail, ...detail });
  const record = sql`
    history as (
      insert into host_history (host_id, at, event, detail) select id, now(), ${event}::text, ${eventDetail ? JSON.stringify(eventDetail) : null}::jsonb from h where ${event}::text is not null
    ), audit as (
      insert into audit_log (actor, ip, action, subject, detail) select ${actor.name}, ${actor.ip}::text, 'host.import', ${who.hostname}, ${auditDetail}::jsonb from h
    )
    select id from h`;
  const statement =
    d.kind === "enroll"
      ? sql`with h as (
          insert into hosts (fleet_id, hostname, machine_id, source, configs_collected, enrolled_at, last_built)
          -- Enrolled at the import's time, the time of its first fingerprint: the enrolment comes first in its history.
          values (${who.fleetId}, ${who.hostname}, ${who.machineId}::text, ${who.source}, ${who.configsCollected}, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
          on conflict (fleet_id, hostname) do nothing
          returning id
        ), ${record}`
      : sql`with h as (
          update hosts set hostname = ${who.hostname}, machine_id = coalesce(${who.machineId}::text, hosts.machine_id),
            source = ${who.source}, configs_collected = ${who.configsCollected}, collector_errors = null,
            host_key_hash = case when ${d.kind === "replace"}::boolean then null else hosts.host_key_hash end,
            report_digest = null
          where hosts.id = ${d.host.id} and hosts.hostname = ${d.host.hostname} and hosts.machine_id is not distinct from ${d.host.machineId}::text
          returning hosts.id
        ), ${record}`;
  return writeHostRecord(db, statement);
}

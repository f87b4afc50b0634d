import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { fleets, hostEvents, hosts } from "@/db/schema";
import type { Db } from "@/db/client";
import { lastIdentityEvent } from "@/lib/core/host-identity";
import { reportingStatus } from "@/lib/core/reporting";
import { conflict, notFound } from "@/lib/server/errors";
import { analyzeFleet } from "./fleet-analysis";
import { analysisOf } from "./host-analysis";
import { loadFingerprint } from "./fingerprint-store";

/** Finds a host by hostname; the fleet is needed only when two fleets share the hostname. */
export async function findHost(db: Db, hostname: string, fleetName?: string) {
  const base = db
    .select({ host: hosts, fleet: fleets })
    .from(hosts)
    .innerJoin(fleets, eq(fleets.id, hosts.fleetId));
  const rows = await base.where(fleetName ? and(eq(hosts.hostname, hostname), eq(fleets.name, fleetName)) : eq(hosts.hostname, hostname));
  if (rows.length === 0) throw notFound(`No host "${hostname}"${fleetName ? ` in fleet "${fleetName}"` : ""}.`);
  if (rows.length > 1) throw conflict(`Host name "${hostname}" exists in fleets ${rows.map((r) => r.fleet.name).join(", ")}; add ?fleet=<name>.`);
  return rows[0];
}

export { loadFingerprint } from "./fingerprint-store";

/** Everything the host page shows: identity, drift, snowflake reasons, history, OS facts. */
export async function getHost(db: Db, hostname: string, fleetName?: string, now = new Date()) {
  const { host, fleet } = await findHost(db, hostname, fleetName);
  const analysis = await analyzeFleet(db, fleet.id);
  const a = host.fingerprintHash ? (await analysis.details([host.fingerprintHash])).get(host.fingerprintHash) : undefined;
  const fingerprint = host.fingerprintHash ? await loadFingerprint(db, host.fingerprintHash) : null;
  const history = await db
    .select({ at: hostEvents.at, event: hostEvents.event, fingerprint: hostEvents.fingerprintHash, previous: hostEvents.previousHash, detail: hostEvents.detail })
    .from(hostEvents)
    .where(eq(hostEvents.hostId, host.id))
    .orderBy(asc(hostEvents.at), asc(hostEvents.id));
  const identity = lastIdentityEvent(history);
  return {
    host: {
      id: host.id,
      hostname: host.hostname,
      machineId: host.machineId,
      fingerprint: host.fingerprintHash,
      enrolledAt: host.enrolledAt.toISOString(),
      lastSeen: host.lastSeen?.toISOString() ?? null,
      reporting: reportingStatus(host.lastSeen, fleet.reportingIntervalMinutes, now),
      lastChanged: host.lastChanged?.toISOString() ?? null,
      lastBuilt: host.lastBuilt.toISOString(),
      providerRef: host.providerRef,
      // Null while the host holds a working key; set when an admin (or a secret's revocation) revoked it.
      keyRevokedAt: host.keyRevokedAt?.toISOString() ?? null,
      enrollSecretId: host.enrollSecretId,
      /** Sources its last accepted report could not read ("rpm database unreadable: …"); null when it read all. */
      collectorErrors: host.collectorErrors ?? null,
      /** Where its data comes from: "agent", "image", or an import format (osquery, ansible, cyclonedx, spdx). */
      source: host.source,
      /** False when its source reports no config files: a spec's pinned configs are "not collected" on it. */
      configsCollected: host.configsCollected,
    },
    fleet: {
      id: fleet.id,
      name: fleet.name,
      strategy: fleet.strategy,
      specVersion: fleet.specVersion,
      reportingIntervalMinutes: fleet.reportingIntervalMinutes,
      /** The fleet's own snowflake threshold; null: the product default (SNOWFLAKE_THRESHOLD). */
      snowflakeThreshold: fleet.snowflakeThreshold,
    },
    fingerprint,
    sharedBy: analysisOf(analysis, host.fingerprintHash).sharedBy,
    drift: a?.drift ?? null,
    snowflake: a?.snowflake ?? { score: 0, isSnowflake: false, reasons: [] },
    cohortHosts: analysis.hosts,
    history: history.map((h) => ({ ...h, at: h.at.toISOString() })),
    /** The newest enrolment, replacement, rename or key revocation: the page says when the machine changed. */
    lastIdentity: identity ? { event: identity.event, at: identity.at.toISOString(), detail: identity.detail } : null,
  };
}

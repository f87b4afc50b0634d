import "server-only";
import { eq, sql } from "drizzle-orm";
import { alertChannels, fleets, hosts, rebuildHosts } from "@/db/schema";
import { driverOf, type Db } from "@/db/client";
import { identify } from "@/lib/core/canonical";
import { FingerprintContent } from "@/lib/core/fingerprint-content";
import type { AgentReport, CollectorError } from "@/lib/core/types";
import { unauthorized } from "@/lib/server/errors";
import { cachedHostAuth, forgetHostAuth, hostAuthStamp, rememberHostAuth } from "./host-auth-cache";
import { hashSecret } from "@/lib/server/secrets";
import { describeHostDrift } from "./detect-host-drift";
import { emitAlert } from "./emit-alert";
import { noteContent, rememberContent } from "./content-digests";
import { loadFingerprint, storeFingerprint } from "./fingerprint-store";
import { recordChange, writeChanges, type ChangeOutcome, type HostChange } from "./record-changes";
import { noteSeen } from "./record-last-seen";
import { maybeRecordSnapshot } from "./record-snapshot";
import { verifyRebuild } from "./verify-rebuild";

export interface IngestResult {
  hostId: number;
  fingerprint: string;
  changed: boolean;
}

export interface AuthenticatedHost {
  id: number;
  fleetId: number;
  hostname: string;
  fingerprintHash: string | null;
  machineId: string | null;
  reportDigest: string | null;
  /** A rebuild waits for this host's next report to verify it. */
  waiting: boolean;
  /** An enabled channel of its fleet listens for "host-drifted" (channel writes forget the cached answer). */
  driftAlerts: boolean;
  /** Its last accepted report carried collector errors (hosts.collector_errors): clearing them costs a write only then. */
  hasCollectorErrors?: boolean;
  /** Its fleet collects config file content (fleets.collect_content; policy writes forget the cached answer). */
  collectContent?: boolean;
  /** False when its source reports no config files (hosts.configs_collected; imports): drift says "not collected". */
  configsCollected?: boolean;
  /** Where its last accepted report came from (hosts.source: "agent", or an import format); absent: "agent". */
  source?: string;
  /** sha256 of the key it authenticated with (the auth cache's key). */
  keyHash: string;
  /** The auth cache's stamp when this was read: what this process writes back is remembered only if still current. */
  stamp: string;
}

/** One indexed lookup: who is reporting, what it last sent, and whether a rebuild waits on it. */
export async function authenticateHost(db: Db, hostKey: string): Promise<AuthenticatedHost> {
  const found = await lookupHost(db, hashSecret(hostKey));
  if (!found) throw unauthorized("Unknown host key; enroll again with --enroll-secret.");
  return found;
}

/**
 * After this process wrote the host: the cached entry becomes what was written, unless its key (or everything)
 * was forgotten since the host was read (a racing report of the same host, a rebuild starting to wait, a
 * re-enrolment): then it is dropped and read again on the next request.
 */
function rememberWritten(db: Db, host: AuthenticatedHost, written: Partial<AuthenticatedHost>) {
  if (driverOf(db) !== "pglite") return;
  const current = !host.waiting && hostAuthStamp(db, host.keyHash) === host.stamp;
  // Moves the key's stamp either way: a concurrent write of the same host, stamped before, cannot remember.
  forgetHostAuth(db, host.keyHash);
  if (current) rememberHostAuth(db, host.keyHash, { ...host, ...written }, hostAuthStamp(db, host.keyHash));
}

/** A host just enrolled (batch path, PGlite): what lookupHost would read, remembered unless `stamp` went stale. */
export function rememberEnrolled(db: Db, h: Pick<AuthenticatedHost, "id" | "fleetId" | "hostname" | "machineId" | "keyHash" | "collectContent" | "driftAlerts">, stamp: string) {
  const entry: AuthenticatedHost = { ...h, fingerprintHash: null, reportDigest: null, waiting: false, hasCollectorErrors: false, configsCollected: true, source: "agent", stamp };
  rememberHostAuth(db, h.keyHash, entry, stamp);
}

/** What ingest needs to know of a host besides its key. */
const INGEST_COLUMNS = {
  id: hosts.id,
  fleetId: hosts.fleetId,
  hostname: hosts.hostname,
  fingerprintHash: hosts.fingerprintHash,
  machineId: hosts.machineId,
  reportDigest: hosts.reportDigest,
  waiting: sql<boolean>`exists (select 1 from ${rebuildHosts} where ${rebuildHosts.hostId} = ${hosts.id} and ${rebuildHosts.status} = 'verifying')`,
  driftAlerts: sql<boolean>`exists (select 1 from ${alertChannels} where ${alertChannels.fleetId} = ${hosts.fleetId} and ${alertChannels.enabled} and 'host-drifted' = any(${alertChannels.events}))`,
  collectContent: sql<boolean>`(select ${fleets.collectContent} from ${fleets} where ${fleets.id} = ${hosts.fleetId})`,
  configsCollected: hosts.configsCollected,
  source: hosts.source,
  hasCollectorErrors: sql<boolean>`(${hosts.collectorErrors} is not null)`,
  keyHash: hosts.hostKeyHash,
};

/**
 * A host as ingest sees it, found by id: for reports that arrive without the host's key (imports from other
 * collectors, POST /api/v1/imports). Never cached; a keyless host shares the cache slot "" that no key hashes to.
 */
export async function hostForIngest(db: Db, hostId: number): Promise<AuthenticatedHost | null> {
  const [host] = await db.select(INGEST_COLUMNS).from(hosts).where(eq(hosts.id, hostId));
  if (!host) return null;
  const keyHash = host.keyHash ?? "";
  return { ...host, waiting: Boolean(host.waiting), driftAlerts: Boolean(host.driftAlerts), collectContent: Boolean(host.collectContent), hasCollectorErrors: Boolean(host.hasCollectorErrors), keyHash, stamp: hostAuthStamp(db, keyHash) };
}

async function lookupHost(db: Db, keyHash: string): Promise<AuthenticatedHost | null> {
  const useCache = driverOf(db) === "pglite";
  const cached = useCache ? cachedHostAuth<AuthenticatedHost>(db, keyHash) : undefined;
  if (cached) return { ...cached, stamp: hostAuthStamp(db, keyHash) };
  const stamp = hostAuthStamp(db, keyHash);
  const [host] = await db.select(INGEST_COLUMNS).from(hosts).where(eq(hosts.hostKeyHash, keyHash));
  if (!host) return null;
  const found: AuthenticatedHost = {
    ...host,
    waiting: Boolean(host.waiting),
    driftAlerts: Boolean(host.driftAlerts),
    collectContent: Boolean(host.collectContent),
    hasCollectorErrors: Boolean(host.hasCollectorErrors),
    keyHash,
    stamp,
  };
  // A host waiting for verification is always read fresh: its next report must reach verifyRebuild.
  if (useCache && !found.waiting) rememberHostAuth(db, keyHash, found, stamp);
  return { ...found };
}

/**
 * Stores a report. Content-addressed: the fingerprint (references to items stored once) is written once per
 * distinct content, and a report equal to what the host carries costs no write here (last_seen goes behind).
 * Analysis (drift counts, snowflakes) is the worker's: this path records the change, and a trend point when
 * the fleet's ten-minute slot is free.
 * `digest` is the agent's digest of the report, kept so its next check-in can be answered without a body;
 * `contentDigest` (already checked against the body) lets other hosts with this content skip sending it.
 */
export async function ingestFingerprint(
  db: Db,
  host: AuthenticatedHost,
  report: AgentReport,
  now: Date = new Date(),
  digest: string | null = null,
  contentDigest: string | null = null,
  origin: ReportOrigin = AGENT_ORIGIN,
): Promise<IngestResult> {
  const { fingerprint, hash } = identify(report);
  const collectorErrors = report.collectorErrors?.length ? report.collectorErrors : null;
  return acceptFingerprint(db, host, { hash, fingerprint: FingerprintContent.of(fingerprint) }, { machineId: report.machineId ?? null, digest, content: contentDigest, collectorErrors, origin }, now);
}

/** Which collector a report comes from: the host takes it on (hosts.source, hosts.configs_collected). */
export interface ReportOrigin {
  source: string;
  configsCollected: boolean;
}
export const AGENT_ORIGIN: ReportOrigin = { source: "agent", configsCollected: true };

/**
 * A host fed by an import that an agent now reports (or the reverse) takes on the new origin. Compared with what
 * authentication read (cached on PGlite), so the common case, an agent's report of an agent host, writes nothing.
 */
async function adoptOrigin(db: Db, host: AuthenticatedHost, origin: ReportOrigin) {
  if ((host.source ?? "agent") === origin.source && (host.configsCollected ?? true) === origin.configsCollected) return;
  await db.update(hosts).set({ source: origin.source, configsCollected: origin.configsCollected }).where(eq(hosts.id, host.id));
  const written = { source: origin.source, configsCollected: origin.configsCollected };
  const current = hostAuthStamp(db, host.keyHash) === host.stamp;
  rememberWritten(db, host, written);
  // What follows (drift of the change, the entry remembered after it) sees the new origin; a stale stamp stays stale.
  Object.assign(host, written, current ? { stamp: hostAuthStamp(db, host.keyHash) } : {});
}

/**
 * The host now carries fingerprint `hash`: from a full report (`fingerprint` its content) or from a content
 * digest the server already knows (`fingerprint` null: it is stored, and read back only if an alert needs it).
 * `collectorErrors` are the report's (null: it read everything; a check-in accepted by content never has any, as
 * the agent names no content when it has errors). They replace the host's with the change, and cost a write of an
 * unchanged fingerprint only when they differ from what the host holds: the digest covers them, so the same digest
 * means the same errors, and a host without errors (the `hasCollectorErrors` bit read at authentication) has none
 * to clear.
 */
export async function acceptFingerprint(
  db: Db,
  host: AuthenticatedHost,
  { hash, fingerprint }: { hash: string; fingerprint: FingerprintContent | null },
  {
    machineId,
    digest,
    content = null,
    collectorErrors = null,
    origin = AGENT_ORIGIN,
  }: { machineId: string | null; digest: string | null; content?: string | null; collectorErrors?: CollectorError[] | null; origin?: ReportOrigin },
  now: Date,
): Promise<IngestResult> {
  const errors = collectorErrors?.length ? collectorErrors : null;
  // Before the change is recorded: the analysis it triggers reads the host's configs_collected.
  await adoptOrigin(db, host, origin);
  if (hash === host.fingerprintHash) {
    // Content checked against this body (the caller did): other hosts with it may now skip sending it.
    if (content) await rememberContent(db, content, hash);
    const errorsDiffer = errors ? !digest || digest !== host.reportDigest : Boolean(host.hasCollectorErrors);
    if ((digest && digest !== host.reportDigest) || (machineId && machineId !== host.machineId) || errorsDiffer) {
      const written = { reportDigest: digest ?? host.reportDigest, machineId: machineId ?? host.machineId, hasCollectorErrors: errors !== null };
      await db
        .update(hosts)
        .set({ reportDigest: written.reportDigest, machineId: written.machineId, collectorErrors: errors, lastSeen: now, notReportingSince: null })
        .where(eq(hosts.id, host.id));
      rememberWritten(db, host, written);
    } else noteSeen(db, host.id, now);
    if (host.waiting) await verifyRebuild(db, host.id, hash, now);
    return { hostId: host.id, fingerprint: hash, changed: false };
  }
  const previousHash = host.fingerprintHash;
  const change: HostChange = { hostId: host.id, hash, fingerprint, digest, content, machineId, at: now, collectorErrors: errors };
  let outcome: ChangeOutcome;
  if (host.driftAlerts) {
    // A channel listens: whether this change starts drift is judged, and its alert written with the change.
    if (fingerprint) await storeFingerprint(db, hash, fingerprint);
    const carried = fingerprint?.fingerprint ?? (await loadFingerprint(db, hash));
    if (!carried) throw new Error(`fingerprint ${hash} is not stored`);
    const alert = await describeHostDrift(db, { fleetId: host.fleetId, hostname: host.hostname, previousHash, hash, fingerprint: carried, at: now, configsCollected: host.configsCollected });
    outcome = await db.transaction(async (tx) => {
      const o = (await writeChanges(tx, [change])).get(host.id)!;
      // Judged against the fingerprint read at authentication; a report racing in between re-judges nothing.
      if (alert && o.changed && o.previous === previousHash) await emitAlert(tx, alert);
      return o;
    });
  } else outcome = await recordChange(db, change);
  const { changed } = outcome;
  // writeChanges stored the pair with the change (or found it stored).
  if (content) noteContent(db, content, hash);
  // Its next check-in is answered from memory. A racing report that won keeps the row; this one is forgotten.
  if (changed) rememberWritten(db, host, { fingerprintHash: hash, reportDigest: digest, machineId: machineId ?? host.machineId, hasCollectorErrors: errors !== null });
  else forgetHostAuth(db, host.keyHash);
  // A change is a trend point when the fleet's slot for one is free (at most one per fleet every ten minutes,
  // claimed atomically); the worker records the quiet intervals.
  if (changed) await maybeRecordSnapshot(db, host.fleetId, now);
  if (host.waiting) await verifyRebuild(db, host.id, hash, now);
  return { hostId: host.id, fingerprint: hash, changed };
}

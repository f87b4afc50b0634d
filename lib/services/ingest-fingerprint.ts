import { and, eq, ne, or, isNull, sql } from "drizzle-orm";
import { fleets, hostHistory, hosts, rebuildHosts } from "@/db/schema";
import { driverOf, type Db } from "@/db/client";
import { identify } from "@/lib/core/canonical";
import type { AgentReport } from "@/lib/core/types";
import { unauthorized } from "@/lib/server/errors";
import { cachedHostAuth, forgetHostAuth, hostAuthGeneration, rememberHostAuth } from "./host-auth-cache";
import { hashSecret } from "@/lib/server/secrets";
import { describeHostDrift } from "./detect-host-drift";
import { emitAlert } from "./emit-alert";
import { storeFingerprint } from "./fingerprint-store";
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
  /** sha256 of the key it authenticated with (the auth cache's key). */
  keyHash: string;
}

/** One indexed lookup: who is reporting, what it last sent, and whether a rebuild waits on it. */
export async function authenticateHost(db: Db, hostKey: string): Promise<AuthenticatedHost> {
  const found = await lookupHost(db, hashSecret(hostKey));
  if (!found) throw unauthorized("Unknown host key; enroll again with --enroll-secret.");
  return found;
}

/** After a write to the host: the cached entry goes, and (on the embedded database) comes back as stored. */
async function rememberAgain(db: Db, keyHash: string) {
  forgetHostAuth(db, keyHash);
  if (driverOf(db) === "pglite") await lookupHost(db, keyHash);
}

async function lookupHost(db: Db, keyHash: string): Promise<AuthenticatedHost | null> {
  const useCache = driverOf(db) === "pglite";
  const cached = useCache ? cachedHostAuth<AuthenticatedHost>(db, keyHash) : undefined;
  if (cached) return { ...cached };
  const generation = hostAuthGeneration(db);
  const [host] = await db
    .select({
      id: hosts.id,
      fleetId: hosts.fleetId,
      hostname: hosts.hostname,
      fingerprintHash: hosts.fingerprintHash,
      machineId: hosts.machineId,
      reportDigest: hosts.reportDigest,
      waiting: sql<boolean>`exists (select 1 from ${rebuildHosts} where ${rebuildHosts.hostId} = ${hosts.id} and ${rebuildHosts.status} = 'verifying')`,
    })
    .from(hosts)
    .where(eq(hosts.hostKeyHash, keyHash));
  if (!host) return null;
  const found: AuthenticatedHost = { ...host, waiting: Boolean(host.waiting), keyHash };
  // A host waiting for verification is always read fresh: its next report must reach verifyRebuild.
  if (useCache && !found.waiting) rememberHostAuth(db, keyHash, found, generation);
  return { ...found };
}

/**
 * Stores a report. Content-addressed: the fingerprint (references to items stored once) is written once per
 * distinct content, and a report equal to what the host carries costs no write here (last_seen goes behind).
 * Analysis (drift counts, snowflakes) is the worker's: this path records the change, and a trend point when
 * the fleet's ten-minute slot is free.
 * `digest` is the agent's digest of the report, kept so its next check-in can be answered without a body.
 */
export async function ingestFingerprint(db: Db, host: AuthenticatedHost, report: AgentReport, now: Date = new Date(), digest: string | null = null): Promise<IngestResult> {
  const { fingerprint: fp, hash } = identify(report);
  const machineId = report.machineId ?? null;
  if (hash === host.fingerprintHash) {
    if ((digest && digest !== host.reportDigest) || (machineId && machineId !== host.machineId)) {
      await db
        .update(hosts)
        .set({ reportDigest: digest ?? host.reportDigest, machineId: machineId ?? host.machineId, lastSeen: now })
        .where(eq(hosts.id, host.id));
      await rememberAgain(db, host.keyHash);
    } else noteSeen(db, host.id, now);
    if (host.waiting) await verifyRebuild(db, host.id, hash, now);
    return { hostId: host.id, fingerprint: hash, changed: false };
  }
  await storeFingerprint(db, hash, fp);
  const previousHash = host.fingerprintHash;
  const alert = await describeHostDrift(db, { fleetId: host.fleetId, hostname: host.hostname, previousHash, hash, fingerprint: fp, at: now });
  const changed = await db.transaction(async (tx) => {
    // Conditional on the content changing: of two racing reports of one host, one records the change.
    const [prev] = await tx.select({ hash: hosts.fingerprintHash }).from(hosts).where(eq(hosts.id, host.id)).for("update");
    const [row] = await tx
      .update(hosts)
      .set({ fingerprintHash: hash, lastSeen: now, lastChanged: now, reportDigest: digest, machineId: sql`coalesce(${machineId}::text, ${hosts.machineId})` })
      .where(and(eq(hosts.id, host.id), or(isNull(hosts.fingerprintHash), ne(hosts.fingerprintHash, hash))))
      .returning({ id: hosts.id });
    if (!row) {
      await tx.update(hosts).set({ lastSeen: now, reportDigest: digest }).where(eq(hosts.id, host.id));
      return false;
    }
    await tx.insert(hostHistory).values({ hostId: host.id, at: now, event: "fingerprint", fingerprintHash: hash, previousHash: prev?.hash ?? null });
    // Judged against the fingerprint read at authentication; a report racing in between re-judges nothing.
    if (alert && (prev?.hash ?? null) === previousHash) await emitAlert(tx, alert);
    // Last, so the fleet row is locked for the shortest time: the revision tells the worker there is work.
    await tx.update(fleets).set({ revision: sql`${fleets.revision} + 1` }).where(eq(fleets.id, host.fleetId));
    return true;
  });
  // Remembered again from what is now stored: the host's next check-in is answered from memory.
  await rememberAgain(db, host.keyHash);
  // A change is a trend point when the fleet's slot for one is free (at most one per fleet every ten minutes,
  // claimed atomically); the worker records the quiet intervals.
  if (changed) await maybeRecordSnapshot(db, host.fleetId, now);
  if (host.waiting) await verifyRebuild(db, host.id, hash, now);
  return { hostId: host.id, fingerprint: hash, changed };
}

import { eq, sql } from "drizzle-orm";
import { fingerprints, fleets, hostHistory, hosts, rebuildHosts } from "@/db/schema";
import type { Db } from "@/db/client";
import { identify } from "@/lib/core/canonical";
import type { AgentReport } from "@/lib/core/types";
import { unauthorized } from "@/lib/server/errors";
import { hashSecret } from "@/lib/server/secrets";
import { detectHostDrift } from "./detect-host-drift";
import { maybeRecordSnapshot } from "./record-snapshot";
import { hasPendingVerification, verifyRebuild } from "./verify-rebuild";

export interface IngestResult {
  hostId: number;
  fingerprint: string;
  changed: boolean;
}

export async function authenticateHost(db: Db, hostKey: string) {
  const [host] = await db
    .select({ id: hosts.id, fleetId: hosts.fleetId, hostname: hosts.hostname, fingerprintHash: hosts.fingerprintHash })
    .from(hosts)
    .where(eq(hosts.hostKeyHash, hashSecret(hostKey)));
  if (!host) throw unauthorized("Unknown host key; enroll again with --enroll-secret.");
  return host;
}

/**
 * Stores a report. Content-addressed: the fingerprint row is written once per distinct content, so an
 * unchanged host costs a single UPDATE of last_seen (the fast path) and sending a report twice stores it once.
 */
export async function ingestFingerprint(
  db: Db,
  host: { id: number; fleetId: number; fingerprintHash: string | null },
  report: AgentReport,
  now: Date = new Date(),
): Promise<IngestResult> {
  const { fingerprint: fp, hash } = identify(report);
  const machineId = report.machineId ?? null;
  if (hash === host.fingerprintHash) {
    // The fast path stays one statement: the same UPDATE says whether a rebuild waits on this host's report.
    const [row] = await db
      .update(hosts)
      .set({ lastSeen: now, machineId: sql`coalesce(${machineId}::text, ${hosts.machineId})` })
      .where(eq(hosts.id, host.id))
      .returning({ waiting: sql<boolean>`exists (select 1 from ${rebuildHosts} where ${rebuildHosts.hostId} = ${host.id} and ${rebuildHosts.status} = 'verifying')` });
    if (row?.waiting) await verifyRebuild(db, host.id, hash, now);
    return { hostId: host.id, fingerprint: hash, changed: false };
  }
  const changed = await db.transaction(async (tx) => {
    await tx
      .insert(fingerprints)
      .values({ hash, os: fp.os, packages: fp.packages, configs: fp.configs, packageCount: fp.packages.length, configCount: fp.configs.length })
      .onConflictDoNothing({ target: fingerprints.hash });
    // Conditional on the fingerprint we read: of two racing reports only one records the change.
    const [prev] = await tx
      .select({ hash: hosts.fingerprintHash })
      .from(hosts)
      .where(eq(hosts.id, host.id))
      .for("update");
    if (prev?.hash === hash) {
      await tx.update(hosts).set({ lastSeen: now }).where(eq(hosts.id, host.id));
      return false;
    }
    await tx
      .update(hosts)
      .set({ fingerprintHash: hash, lastSeen: now, lastChanged: now, machineId: sql`coalesce(${machineId}::text, ${hosts.machineId})` })
      .where(eq(hosts.id, host.id));
    await tx.insert(hostHistory).values({ hostId: host.id, at: now, event: "fingerprint", fingerprintHash: hash, previousHash: prev?.hash ?? null });
    await tx.update(fleets).set({ revision: sql`${fleets.revision} + 1` }).where(eq(fleets.id, host.fleetId));
    await detectHostDrift(tx, { fleetId: host.fleetId, hostId: host.id, previousHash: prev?.hash ?? null, hash, fingerprint: fp, at: now });
    return true;
  });
  if (changed) await maybeRecordSnapshot(db, host.fleetId, now);
  await verifyIfWaiting(db, host.id, hash, now);
  return { hostId: host.id, fingerprint: hash, changed };
}

/** A rebuilt host proves itself with its next report; most reports skip this after one indexed lookup. */
async function verifyIfWaiting(db: Db, hostId: number, hash: string, now: Date) {
  if (await hasPendingVerification(db, hostId)) await verifyRebuild(db, hostId, hash, now);
}

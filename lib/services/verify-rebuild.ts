import "server-only";
import { and, eq, lte, sql } from "drizzle-orm";
import { hostHistory, hosts, rebuildHosts, rebuildRequests, specs } from "@/db/schema";
import type { Db } from "@/db/client";
import { computeDrift, configsCollectedFor } from "@/lib/core/drift";
import { SYSTEM, writeAudit } from "./audit";
import { loadFingerprint } from "./fingerprint-store";
import { advanceRollout } from "./advance-rollout";

/**
 * Called on every report: if the host is waiting for verification after a provider run, its fingerprint must
 * now match the spec version the request was made for. A match completes the rebuild (and resets the host's
 * age); a mismatch is recorded and waits for a later report until the deadline.
 */
export async function verifyRebuild(db: Db, hostId: number, fingerprintHash: string, at: Date) {
  const waiting = await db
    .select({ requestId: rebuildHosts.requestId, specVersion: rebuildRequests.specVersion, fleetId: rebuildRequests.fleetId, hostname: rebuildHosts.hostname, configsCollected: hosts.configsCollected })
    .from(rebuildHosts)
    .innerJoin(rebuildRequests, eq(rebuildRequests.id, rebuildHosts.requestId))
    .innerJoin(hosts, eq(hosts.id, rebuildHosts.hostId))
    .where(and(eq(rebuildHosts.hostId, hostId), eq(rebuildHosts.status, "verifying"), lte(rebuildHosts.providerDoneAt, at)));
  for (const w of waiting) {
    const [spec] = await db.select({ body: specs.body }).from(specs).where(and(eq(specs.fleetId, w.fleetId), eq(specs.version, w.specVersion)));
    const fp = await loadFingerprint(db, fingerprintHash);
    if (!spec || !fp) continue;
    // A host whose source reports no configs (an import) is verified on what it reports.
    const drift = computeDrift(fp, spec.body, at, { configsCollected: configsCollectedFor(fp, !w.configsCollected) });
    await db.transaction(async (tx) => {
      const where = and(eq(rebuildHosts.requestId, w.requestId), eq(rebuildHosts.hostId, hostId), eq(rebuildHosts.status, "verifying"));
      if (drift.length > 0) {
        await tx.update(rebuildHosts).set({ remainingDrift: drift.length, message: `Reported ${drift.length} drift item(s) against spec v${w.specVersion}; waiting for a matching report until the deadline.` }).where(where);
        return;
      }
      const [done] = await tx.update(rebuildHosts).set({ status: "succeeded", finishedAt: at, remainingDrift: 0, message: `Verified: matches spec v${w.specVersion}` }).where(where).returning({ hostId: rebuildHosts.hostId });
      if (!done) return; // a concurrent report verified it first
      await tx.update(hosts).set({ lastBuilt: at }).where(eq(hosts.id, hostId));
      await tx.insert(hostHistory).values({ hostId, at, event: "rebuilt", fingerprintHash });
      await writeAudit(tx, SYSTEM, "rebuild.verified", w.requestId, { host: w.hostname, specVersion: w.specVersion });
      await advanceRollout(tx, w.requestId, at);
    });
  }
}

/** Whether any rebuild waits on this host: lets the ingest fast path skip the work above. */
export async function hasPendingVerification(db: Db, hostId: number): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`1` }).from(rebuildHosts).where(and(eq(rebuildHosts.hostId, hostId), eq(rebuildHosts.status, "verifying"))).limit(1);
  return Boolean(row);
}


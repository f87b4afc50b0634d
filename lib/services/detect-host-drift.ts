import "server-only";
import { and, eq } from "drizzle-orm";
import { fleets, specs } from "@/db/schema";
import type { Db } from "@/db/client";
import { computeDrift, configsCollectedFor } from "@/lib/core/drift";
import type { Fingerprint } from "@/lib/core/types";
import type { AlertOccurrence } from "./emit-alert";
import { loadFingerprint } from "./fingerprint-store";

export interface FingerprintChange {
  fleetId: number;
  hostname: string;
  previousHash: string | null;
  hash: string;
  fingerprint: Fingerprint;
  at: Date;
  /** The host's hosts.configs_collected (absent: true). */
  configsCollected?: boolean;
}

/**
 * Called by ingest before it records a changed fingerprint (never for an unchanged one): a host that matched its
 * spec, or had not reported yet, and now differs from it "started to drift". A host already drifting that
 * drifts some more is not news; neither is a new spec version that hosts do not match yet (that is a decision
 * someone just made, and immutable fleets rebuild on it). Returns the alert to emit in the ingest transaction,
 * or null. The caller asks only when a channel listens (AuthenticatedHost.driftAlerts).
 */
export async function describeHostDrift(db: Db, c: FingerprintChange): Promise<AlertOccurrence | null> {
  const [row] = await db
    .select({ specVersion: fleets.specVersion, spec: specs.body })
    .from(fleets)
    .innerJoin(specs, and(eq(specs.fleetId, fleets.id), eq(specs.version, fleets.specVersion)))
    .where(eq(fleets.id, c.fleetId));
  if (!row) return null; // no spec: nothing to drift from
  const notCollected = c.configsCollected === false;
  const drift = computeDrift(c.fingerprint, row.spec, undefined, { configsCollected: configsCollectedFor(c.fingerprint, notCollected) });
  if (drift.length === 0) return null;
  if (c.previousHash) {
    const prev = await loadFingerprint(db, c.previousHash);
    if (prev && computeDrift(prev, row.spec, undefined, { configsCollected: configsCollectedFor(prev, notCollected) }).length > 0) return null;
  }
  return {
    fleetId: c.fleetId,
    kind: "host-drifted",
    subject: c.hostname,
    at: c.at,
    detail: { hostname: c.hostname, driftItems: drift.length, specVersion: row.specVersion, items: drift.slice(0, 5).map((i) => i.explain), fingerprint: c.hash },
  };
}

import { and, eq } from "drizzle-orm";
import { fingerprints, fleets, hosts, specs } from "@/db/schema";
import type { Tx } from "@/db/client";
import { computeDrift } from "@/lib/core/drift";
import type { Fingerprint } from "@/lib/core/types";
import { emitAlert, fleetWantsAlert } from "./emit-alert";

export interface FingerprintChange {
  fleetId: number;
  hostId: number;
  previousHash: string | null;
  hash: string;
  fingerprint: Fingerprint;
  at: Date;
}

/**
 * Called by ingest when a host's fingerprint changed (never on the unchanged fast path): a host that matched
 * its spec, or had not reported yet, and now differs from it "started to drift". A host already drifting that
 * drifts some more is not news; neither is a new spec version that hosts do not match yet (that is a decision
 * someone just made, and immutable fleets rebuild on it).
 */
export async function detectHostDrift(tx: Tx, c: FingerprintChange) {
  if (!(await fleetWantsAlert(tx, c.fleetId, "host-drifted"))) return;
  const [row] = await tx
    .select({ hostname: hosts.hostname, specVersion: fleets.specVersion, spec: specs.body })
    .from(hosts)
    .innerJoin(fleets, eq(fleets.id, hosts.fleetId))
    .innerJoin(specs, and(eq(specs.fleetId, fleets.id), eq(specs.version, fleets.specVersion)))
    .where(eq(hosts.id, c.hostId));
  if (!row) return; // no spec: nothing to drift from
  const drift = computeDrift(c.fingerprint, row.spec);
  if (drift.length === 0) return;
  if (c.previousHash) {
    const [prev] = await tx.select({ os: fingerprints.os, packages: fingerprints.packages, configs: fingerprints.configs }).from(fingerprints).where(eq(fingerprints.hash, c.previousHash));
    if (prev && computeDrift(prev, row.spec).length > 0) return;
  }
  await emitAlert(tx, {
    fleetId: c.fleetId,
    kind: "host-drifted",
    subject: row.hostname,
    at: c.at,
    detail: { hostname: row.hostname, driftItems: drift.length, specVersion: row.specVersion, items: drift.slice(0, 5).map((i) => i.explain), fingerprint: c.hash },
  });
}

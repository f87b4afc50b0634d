import { and, count, eq, inArray, isNotNull } from "drizzle-orm";
import { fingerprints, fleets, hosts, specs } from "@/db/schema";
import type { DbOrTx } from "@/db/client";
import { computeDrift } from "@/lib/core/drift";
import { scoreSnowflakes } from "@/lib/core/snowflake";
import type { DriftItem, Fingerprint, SnowflakeResult, Spec } from "@/lib/core/types";

export interface FingerprintAnalysis {
  hash: string;
  hosts: number;
  drift: DriftItem[] | null; // null when the fleet has no spec
  snowflake: SnowflakeResult;
}

export interface FleetAnalysis {
  fleetId: number;
  revision: number;
  specVersion: number | null;
  spec: Spec | null;
  byHash: Map<string, FingerprintAnalysis>;
}

// Analysis is computed per distinct fingerprint (not per host) and memoised per fleet revision: the revision
// lives in the database, so several app instances stay coherent.
const g = globalThis as unknown as { __fleetprintAnalysis?: Map<number, FleetAnalysis> };
const memo = (g.__fleetprintAnalysis ??= new Map());

export async function analyzeFleet(db: DbOrTx, fleetId: number): Promise<FleetAnalysis> {
  const [fleet] = await db.select({ revision: fleets.revision, specVersion: fleets.specVersion }).from(fleets).where(eq(fleets.id, fleetId));
  if (!fleet) throw new Error(`fleet ${fleetId} vanished`);
  const cached = memo.get(fleetId);
  if (cached && cached.revision === fleet.revision && cached.specVersion === fleet.specVersion) return cached;

  const spec = fleet.specVersion === null ? null : await loadSpec(db, fleetId, fleet.specVersion);
  const counts = await db
    .select({ hash: hosts.fingerprintHash, n: count() })
    .from(hosts)
    .where(and(eq(hosts.fleetId, fleetId), isNotNull(hosts.fingerprintHash)))
    .groupBy(hosts.fingerprintHash);
  const hashes = counts.map((c) => c.hash as string);
  const rows = hashes.length
    ? await db.select({ hash: fingerprints.hash, os: fingerprints.os, packages: fingerprints.packages, configs: fingerprints.configs }).from(fingerprints).where(inArray(fingerprints.hash, hashes))
    : [];
  const byContent = new Map<string, Fingerprint>(rows.map((r) => [r.hash, { os: r.os, packages: r.packages, configs: r.configs }]));
  const cohort = counts.map((c) => ({ hash: c.hash as string, fingerprint: byContent.get(c.hash as string)!, hosts: Number(c.n) }));
  const snow = scoreSnowflakes(cohort);
  const byHash = new Map<string, FingerprintAnalysis>();
  for (const c of cohort) {
    byHash.set(c.hash, {
      hash: c.hash,
      hosts: c.hosts,
      drift: spec ? computeDrift(c.fingerprint, spec) : null,
      snowflake: snow.get(c.hash) ?? { score: 0, isSnowflake: false, reasons: [] },
    });
  }
  const result: FleetAnalysis = { fleetId, revision: fleet.revision, specVersion: fleet.specVersion, spec, byHash };
  memo.set(fleetId, result);
  return result;
}

async function loadSpec(db: DbOrTx, fleetId: number, version: number): Promise<Spec | null> {
  const [row] = await db.select({ body: specs.body }).from(specs).where(and(eq(specs.fleetId, fleetId), eq(specs.version, version)));
  return row?.body ?? null;
}

/** Drops memoised analyses: tests and the seeder use it after rewriting data behind the revision counter. */
export function forgetAnalyses() {
  memo.clear();
}

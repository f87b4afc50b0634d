import "server-only";
// "Hosts of a fleet with their analysis", defined once. The worker keeps one row per (fleet, fingerprint) in
// fleet_fingerprints (hosts carrying it, drift count against a spec version, snowflake flag and score); a host's
// analysis is the row of its fingerprint in its fleet, and its drift counts only when it was computed against the
// fleet's current spec version. Readers either join in SQL (lists and gauges, with the aliases h = hosts,
// f = fleets, ff = fleet_fingerprints) or look the row up in the analysis they already loaded (fleet-analysis.ts).
// Both spellings live here, so the lists, the overview, the gauges and the exports cannot disagree.
import { count, sql, type SQL } from "drizzle-orm";
import { hosts } from "@/db/schema";
import type { Db } from "@/db/client";
import type { FleetAnalysis } from "./fleet-analysis";

/** After `from hosts h` (and a join of fleets f on h.fleet_id): the worker's row of each host's fingerprint, if any. */
export const HOST_ANALYSIS_JOIN = sql`left join fleet_fingerprints ff on ff.fleet_id = h.fleet_id and ff.hash = h.fingerprint_hash`;

/** A host's drift count against the fleet's current spec version; null with no spec, no report, or while it is redone. */
export const CURRENT_DRIFT = sql`(case when f.spec_version is not null and ff.drift_spec_version = f.spec_version then ff.drift_count end)`;

export interface HostAnalysis {
  driftCount: number | null;
  isSnowflake: boolean;
  score: number;
  /** Hosts of the fleet carrying the same fingerprint (0 when it has not reported). */
  sharedBy: number;
}

/** The same as the SQL above, for a fingerprint looked up in a loaded analysis (its rows hold current drift only). */
export function analysisOf(analysis: FleetAnalysis, hash: string | null): HostAnalysis {
  const a = hash === null ? undefined : analysis.rows.get(hash);
  return { driftCount: a ? a.driftCount : null, isSnowflake: a?.isSnowflake ?? false, score: a?.score ?? 0, sharedBy: a?.hosts ?? 0 };
}

/**
 * The hosts matching `where`, counted per fingerprint (null: never reported), each group with its analysis: the
 * cost follows the fleet's variety, not its size, and no host row leaves the database.
 */
export async function countHostsByFingerprint(db: Db, analysis: FleetAnalysis, where: SQL | undefined): Promise<({ hash: string | null; hosts: number } & HostAnalysis)[]> {
  const groups = await db.select({ hash: hosts.fingerprintHash, n: count() }).from(hosts).where(where).groupBy(hosts.fingerprintHash);
  return groups.map((g) => ({ hash: g.hash, hosts: Number(g.n), ...analysisOf(analysis, g.hash) }));
}

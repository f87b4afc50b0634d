import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import { fleets, hosts } from "@/db/schema";
import type { Db } from "@/db/client";
import { computeFleetMetrics, driftHistogram, type HostMetricsInput } from "@/lib/core/fleet-metrics";
import type { ScorecardFleet } from "@/lib/core/scorecard";
import type { Strategy } from "@/lib/core/types";
import { analyzeFleet } from "./fleet-analysis";

/** The scorecard's numbers for one fleet, plus its identity and drift histogram. */
export interface FleetSummary extends ScorecardFleet {
  id: number;
  histogram: { bucket: string; hosts: number }[];
}

export async function listFleets(db: Db, now = new Date()): Promise<FleetSummary[]> {
  const all = await db.select().from(fleets).orderBy(asc(fleets.name));
  const out: FleetSummary[] = [];
  for (const f of all) out.push(await summarizeFleet(db, f, now));
  return out;
}

export async function summarizeFleet(
  db: Db,
  f: { id: number; name: string; strategy: Strategy; specVersion: number | null },
  now = new Date(),
): Promise<FleetSummary> {
  return (await measureFleet(db, f, now)).summary;
}

/**
 * The summary and the fleet's total drift items from one analysis and one host query; the trend recorder
 * needs both, the dashboard only the summary. driftItems is null when the fleet has no spec.
 */
export async function measureFleet(
  db: Db,
  f: { id: number; name: string; strategy: Strategy; specVersion: number | null },
  now = new Date(),
): Promise<{ summary: FleetSummary; driftItems: number | null }> {
  const analysis = await analyzeFleet(db, f.id);
  // Per distinct fingerprint, not per host: the cost follows the fleet's variety, and ages come from SQL.
  const groups = await db
    .select({ hash: hosts.fingerprintHash, n: sql<number>`count(*)::int` })
    .from(hosts)
    .where(eq(hosts.fleetId, f.id))
    .groupBy(hosts.fingerprintHash);
  const [age] = await db
    .select({ days: sql<number | null>`percentile_cont(0.5) within group (order by greatest(0, extract(epoch from (${now.toISOString()}::timestamptz - ${hosts.lastBuilt})) / 86400))` })
    .from(hosts)
    .where(and(eq(hosts.fleetId, f.id), isNotNull(hosts.fingerprintHash)));
  const perHost: HostMetricsInput[] = [];
  let total = 0;
  for (const g of groups) {
    total += Number(g.n);
    if (g.hash === null) continue;
    const a = analysis.rows.get(g.hash);
    const h: HostMetricsInput = { fingerprintHash: g.hash, driftCount: a ? a.driftCount : null, isSnowflake: a?.isSnowflake ?? false, lastBuiltAt: null };
    for (let i = 0; i < Number(g.n); i++) perHost.push(h);
  }

  const m = computeFleetMetrics({ now, hosts: perHost });
  const counts = perHost.map((h) => h.driftCount).filter((c): c is number => c !== null);
  const summary: FleetSummary = {
    id: f.id,
    name: f.name,
    strategy: f.strategy,
    specVersion: f.specVersion,
    hosts: total,
    reporting: perHost.length,
    conforming: m.conforming,
    conformingPct: m.conformingPct,
    snowflakes: m.snowflakes,
    distinctFingerprints: m.distinctFingerprints,
    distinctPer100: m.distinctPer100,
    medianDrift: m.medianDrift,
    medianAgeDays: age?.days === null || age?.days === undefined ? null : Number(age.days),
    histogram: driftHistogram(counts),
  };
  return { summary, driftItems: analysis.spec ? counts.reduce((a, b) => a + b, 0) : null };
}

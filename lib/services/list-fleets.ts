import { asc, eq } from "drizzle-orm";
import { fleets, hosts } from "@/db/schema";
import type { Db } from "@/db/client";
import { computeFleetMetrics, driftHistogram } from "@/lib/core/fleet-metrics";
import type { ScorecardFleet } from "@/lib/core/scorecard";
import type { Strategy } from "@/lib/core/types";
import { analyzeFleet } from "./analyze-fleet";

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
  const rows = await db.select({ hash: hosts.fingerprintHash, lastBuilt: hosts.lastBuilt }).from(hosts).where(eq(hosts.fleetId, f.id));
  const reported = rows.filter((r) => r.hash !== null);
  const perHost = reported.map((r) => {
    const a = analysis.byHash.get(r.hash as string);
    return {
      fingerprintHash: r.hash as string,
      driftCount: a?.drift ? a.drift.length : null,
      isSnowflake: a?.snowflake.isSnowflake ?? false,
      lastBuiltAt: r.lastBuilt,
    };
  });
  const m = computeFleetMetrics({ now, hosts: perHost });
  const counts = perHost.map((h) => h.driftCount).filter((c): c is number => c !== null);
  const summary: FleetSummary = {
    id: f.id,
    name: f.name,
    strategy: f.strategy,
    specVersion: f.specVersion,
    hosts: rows.length,
    reporting: reported.length,
    conforming: m.conforming,
    conformingPct: m.conformingPct,
    snowflakes: m.snowflakes,
    distinctFingerprints: m.distinctFingerprints,
    distinctPer100: m.distinctPer100,
    medianDrift: m.medianDrift,
    medianAgeDays: m.medianAgeDays,
    histogram: driftHistogram(counts),
  };
  return { summary, driftItems: analysis.spec ? counts.reduce((a, b) => a + b, 0) : null };
}

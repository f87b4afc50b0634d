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
export async function measureFleet(db: Db, f: FleetIdentity, now = new Date()): Promise<FleetMeasure> {
  const [state] = await db
    .select({ revision: fleets.revision, analyzed: fleets.analyzedRevision, rescoredAt: fleets.rescoredAt, specVersion: fleets.specVersion })
    .from(fleets)
    .where(eq(fleets.id, f.id));
  // What a person changes (name, strategy, spec version) must show at once; what a herd moves (revision,
  // analysis) may lag on a large fleet.
  const identity = JSON.stringify([f.name, f.strategy, f.specVersion, state?.specVersion]);
  const key = JSON.stringify([identity, state?.revision, state?.analyzed, state?.rescoredAt]);
  const cache = measuresOf(db);
  const hit = cache.get(f.id);
  const age = performance.now() - (hit?.at ?? -Infinity);
  const spaced = hit !== undefined && hit.identity === identity && hit.ms > CHEAP_MEASURE_MS && hit.value.summary.hosts >= LARGE_FLEET && age < 10 * hit.ms;
  if (hit && age < MEASURE_TTL_MS && (hit.key === key || spaced)) return hit.value;
  // Callers at the same moment (the start-up warm-up and the first visitor, a poll and a page) share one measure.
  let inFlight = flights.get(db);
  if (!inFlight) flights.set(db, (inFlight = new Map()));
  const running = inFlight.get(f.id);
  if (running?.key === key) return running.value;
  const t0 = performance.now();
  const value = computeMeasure(db, f, now);
  inFlight.set(f.id, { key, value });
  try {
    const v = await value;
    cache.set(f.id, { key, identity, at: performance.now(), ms: performance.now() - t0, value: v });
    return v;
  } finally {
    if (inFlight.get(f.id)?.value === value) inFlight.delete(f.id);
  }
}

// In-flight measures, per database handle and fleet.
const flights = new WeakMap<Db, Map<number, { key: string; value: Promise<FleetMeasure> }>>();

type FleetIdentity = { id: number; name: string; strategy: Strategy; specVersion: number | null };
type FleetMeasure = { summary: FleetSummary; driftItems: number | null };

/**
 * A fleet's numbers are kept per process and reused while nothing they depend on moved (its revision, analysis,
 * scoring and spec version; its median age moves with time, hence the minute's bound). A measure costs
 * O(hosts): at 50,000 hosts ~0.3 s. During a herd the revision moves with every report, so a costly measure is
 * reused for ten times its cost (the numbers are then up to a few seconds old): a dashboard polled every
 * second would otherwise take all of the one thread that also ingests. Cheap measures (small fleets) are
 * always fresh.
 */
const MEASURE_TTL_MS = 60_000;
const CHEAP_MEASURE_MS = 50;
/** Only fleets this large have their numbers spaced during a herd; smaller ones are always read fresh. */
const LARGE_FLEET = 1_000;
type Measures = Map<number, { key: string; identity: string; at: number; ms: number; value: FleetMeasure }>;
const gm = globalThis as unknown as { __fleetprintMeasures?: WeakMap<Db, Measures> };
const measures = (gm.__fleetprintMeasures ??= new WeakMap());
function measuresOf(db: Db): Measures {
  let m = measures.get(db);
  if (!m) measures.set(db, (m = new Map()));
  return m;
}

async function computeMeasure(db: Db, f: FleetIdentity, now: Date): Promise<FleetMeasure> {
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

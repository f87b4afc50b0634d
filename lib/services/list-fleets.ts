import "server-only";
import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import { fleets, hosts } from "@/db/schema";
import { rowsOf, type Db } from "@/db/client";
import { computeFleetMetrics, driftHistogram, type HostMetricsInput } from "@/lib/core/fleet-metrics";
import type { ScorecardFleet } from "@/lib/core/scorecard";
import { shouldWait, type LastRun } from "@/lib/core/spacing";
import { analyzeFleet } from "./fleet-analysis";
import { countHostsByFingerprint } from "./host-analysis";
import { staleSql } from "./list-hosts";

/** The scorecard's numbers for one fleet, plus its identity and drift histogram. */
export interface FleetSummary extends ScorecardFleet {
  id: number;
  histogram: { bucket: string; hosts: number }[];
  /**
   * Hosts not seen for longer than the fleet's reporting interval. They still count in `conforming` by their last
   * known fingerprint (lib/core/reporting CONFORMING_NOTE); this count stands beside it.
   */
  notReporting: number;
}

export async function listFleets(db: Db, now = new Date()): Promise<FleetSummary[]> {
  const all = await db.select().from(fleets).orderBy(asc(fleets.name));
  // Every fleet's count in one statement: a dashboard polling many fleets paid a statement per fleet.
  const stale = await countNotReporting(db, null, now);
  const out: FleetSummary[] = [];
  for (const f of all) out.push({ ...(await measureFleet(db, f, now)).summary, notReporting: stale.get(f.id) ?? 0 });
  return out;
}

export async function summarizeFleet(db: Db, f: FleetRow, now = new Date()): Promise<FleetSummary> {
  const summary = (await measureFleet(db, f, now)).summary;
  // Outside the measure's cache: it moves with the clock and the policy, not with the fleet's revision.
  return { ...summary, notReporting: (await countNotReporting(db, f.id, now)).get(f.id) ?? 0 };
}

/** Hosts not seen within their fleet's reporting interval, per fleet (`fleetId` null: every fleet). */
async function countNotReporting(db: Db, fleetId: number | null, now: Date): Promise<Map<number, number>> {
  const rows = rowsOf<{ id: number; n: number }>(
    await db.execute(sql`select h.fleet_id as id, count(*)::int as n from hosts h join fleets f on f.id = h.fleet_id
      where ${fleetId === null ? sql`true` : sql`h.fleet_id = ${fleetId}`} and h.last_seen < ${staleSql(now)} group by h.fleet_id`),
  );
  return new Map(rows.map((r) => [Number(r.id), Number(r.n)]));
}

/** The fleet row as callers read it: what the numbers depend on is in it, so no second read is needed. */
type FleetRow = Pick<typeof fleets.$inferSelect, "id" | "name" | "strategy" | "specVersion" | "revision" | "analyzedRevision" | "rescoredAt">;
// The not-reporting count is not part of the measure: it moves with the clock and the policy (summarizeFleet).
type FleetMeasure = { summary: Omit<FleetSummary, "notReporting">; driftItems: number | null };

/**
 * A fleet's numbers are kept per process and reused while nothing they depend on moved (its revision, analysis,
 * scoring and spec version; its median age moves with time, hence the minute's bound). A measure costs
 * O(hosts): at 50,000 hosts ~0.3 s. During a herd the revision moves with every report, so the costly measure
 * of a large fleet is spaced (lib/core/spacing.ts; the numbers are then up to a few seconds old): a dashboard
 * polled every second would otherwise take all of the one thread that also ingests. What a person changes
 * (name, strategy, spec version) always shows at once, and small fleets are always fresh.
 */
const MEASURE_TTL_MS = 60_000;
const CHEAP_MEASURE_MS = 50;
const LARGE_FLEET = 1_000;
interface Measured extends LastRun {
  key: string;
  identity: string;
  value: FleetMeasure;
}
interface Measures {
  done: Map<number, Measured>;
  /** Callers at the same moment (the start-up warm-up and the first visitor, a poll and a page) share one. */
  running: Map<number, { key: string; value: Promise<FleetMeasure> }>;
}
const gm = globalThis as unknown as { __fleetprintMeasures?: WeakMap<Db, Measures> };
const measures = (gm.__fleetprintMeasures ??= new WeakMap());
function measuresOf(db: Db): Measures {
  let m = measures.get(db);
  if (!m) measures.set(db, (m = { done: new Map(), running: new Map() }));
  return m;
}

/**
 * The summary and the fleet's total drift items from one analysis and one host query; the trend recorder
 * needs both, the dashboard only the summary. driftItems is null when the fleet has no spec.
 */
export async function measureFleet(db: Db, f: FleetRow, now = new Date()): Promise<FleetMeasure> {
  const identity = JSON.stringify([f.name, f.strategy, f.specVersion]);
  const key = JSON.stringify([identity, f.revision, f.analyzedRevision, f.rescoredAt]);
  const { done, running } = measuresOf(db);
  const hit = done.get(f.id);
  const t = performance.now();
  if (hit && t - hit.at < MEASURE_TTL_MS) {
    if (hit.key === key) return hit.value;
    if (hit.identity === identity && hit.value.summary.hosts >= LARGE_FLEET && shouldWait(hit, t, CHEAP_MEASURE_MS)) return hit.value;
  }
  const other = running.get(f.id);
  if (other?.key === key) return other.value;
  const value = computeMeasure(db, f, now);
  running.set(f.id, { key, value });
  try {
    const v = await value;
    done.set(f.id, { key, identity, at: performance.now(), ms: performance.now() - t, value: v });
    return v;
  } finally {
    if (running.get(f.id)?.value === value) running.delete(f.id);
  }
}

async function computeMeasure(db: Db, f: FleetRow, now: Date): Promise<FleetMeasure> {
  const analysis = await analyzeFleet(db, f.id);
  // Per distinct fingerprint, not per host: the cost follows the fleet's variety, and ages come from SQL.
  const groups = await countHostsByFingerprint(db, analysis, eq(hosts.fleetId, f.id));
  const [age] = await db
    .select({ days: sql<number | null>`percentile_cont(0.5) within group (order by greatest(0, extract(epoch from (${now.toISOString()}::timestamptz - ${hosts.lastBuilt})) / 86400))` })
    .from(hosts)
    .where(and(eq(hosts.fleetId, f.id), isNotNull(hosts.fingerprintHash)));
  const perHost: HostMetricsInput[] = [];
  let total = 0;
  for (const g of groups) {
    total += g.hosts;
    if (g.hash === null) continue;
    const h: HostMetricsInput = { fingerprintHash: g.hash, driftCount: g.driftCount, isSnowflake: g.isSnowflake, lastBuiltAt: null };
    for (let i = 0; i < g.hosts; i++) perHost.push(h);
  }

  const m = computeFleetMetrics({ now, hosts: perHost });
  const counts = perHost.map((h) => h.driftCount).filter((c): c is number => c !== null);
  const summary: FleetMeasure["summary"] = {
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

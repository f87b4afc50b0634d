// Turns service output into chart-ready series on the server, so the client bundle only draws.
import type { FleetSummary } from "@/lib/services/list-fleets";
import type { DailyPoint } from "@/lib/core/history-daily";
import type { TrendRow } from "@/components/charts/trend-line-chart";
import type { HistogramRow } from "@/components/charts/drift-histogram-chart";

/**
 * One row per day, one key per fleet: the daily series (listDailyHistory: each day's last snapshot, quiet days
 * carried forward) pivoted for recharts.
 */
export function shapeTrends(points: DailyPoint[]): { conforming: TrendRow[]; distinct: TrendRow[] } {
  const conforming = new Map<string, TrendRow>();
  const distinct = new Map<string, TrendRow>();
  for (const p of points) {
    const day = p.day;
    const c = conforming.get(day) ?? { day };
    const d = distinct.get(day) ?? { day };
    // A fleet without a spec has no conformance: leave the key out so the line has a gap, not a false 0.
    if (p.conformingPct !== null) c[p.fleet] = p.conformingPct;
    d[p.fleet] = p.distinctFingerprints;
    conforming.set(day, c);
    distinct.set(day, d);
  }
  const byDay = (a: TrendRow, b: TrendRow) => a.day.localeCompare(b.day);
  return { conforming: [...conforming.values()].sort(byDay), distinct: [...distinct.values()].sort(byDay) };
}

export function shapeHistogram(fleets: FleetSummary[]): { rows: HistogramRow[]; fleets: string[] } {
  const withData = fleets.filter((f) => f.histogram.some((b) => b.hosts > 0));
  const order: string[] = [];
  const rows = new Map<string, HistogramRow>();
  for (const f of withData) {
    const total = f.histogram.reduce((s, b) => s + b.hosts, 0);
    for (const b of f.histogram) {
      if (!rows.has(b.bucket)) {
        order.push(b.bucket);
        rows.set(b.bucket, { bucket: b.bucket });
      }
      const row = rows.get(b.bucket)!;
      row[f.name] = total ? (b.hosts / total) * 100 : 0;
      row[`${f.name}#n`] = b.hosts;
    }
  }
  return { rows: order.map((b) => rows.get(b)!), fleets: withData.map((f) => f.name) };
}

// Host-weighted totals per strategy moved to lib/core/scorecard.ts: the exported reports print the same numbers.
export { strategyTotals, type StrategyTotals } from "@/lib/core/scorecard";

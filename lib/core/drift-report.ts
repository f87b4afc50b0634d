// What a drift report says before its per-host pages: drift by kind, the drift-per-host histogram and the top
// snowflakes of the exported hosts. Accumulated host by host in constant memory (the top list is bounded), so a
// report over 10,000 hosts never holds them.
import { DRIFT_KINDS } from "./drift";
import type { ExportHost } from "./drift-export";
import { driftHistogram, type HistogramBucket } from "./fleet-metrics";
import type { DriftKind, SnowflakeReason } from "./types";

export interface TopSnowflake {
  fleet: string;
  hostname: string;
  score: number;
  reasons: SnowflakeReason[];
}

export interface ReportSummary {
  hosts: number;
  /** Hosts with at least one exported item. */
  driftedHosts: number;
  items: number;
  snowflakes: number;
  byKind: Record<DriftKind, number>;
  /** Exported items per host, over hosts that have a drift count (a spec and a report). */
  histogram: HistogramBucket[];
  topSnowflakes: TopSnowflake[];
}

export const TOP_SNOWFLAKES = 10;
export const REASONS_PER_SNOWFLAKE = 3;

export function reportAccumulator(top = TOP_SNOWFLAKES) {
  const byKind = Object.fromEntries(DRIFT_KINDS.map((k) => [k, 0])) as Record<DriftKind, number>;
  const buckets = driftHistogram([]);
  let hosts = 0;
  let driftedHosts = 0;
  let items = 0;
  let snowflakes = 0;
  let best: TopSnowflake[] = [];
  return {
    add(h: ExportHost) {
      hosts += 1;
      items += h.items.length;
      if (h.items.length > 0) driftedHosts += 1;
      for (const i of h.items) byKind[i.kind] += 1;
      if (h.driftCount !== null) {
        const n = h.items.length;
        buckets[buckets.findIndex((b) => b.max === null || n <= b.max)].hosts += 1;
      }
      if (!h.isSnowflake) return;
      snowflakes += 1;
      // Insert in order and cut: top is small, so this beats a heap for clarity at no real cost.
      if (best.length === top && h.snowflakeScore <= best[best.length - 1].score) return;
      best.push({ fleet: h.fleet, hostname: h.hostname, score: h.snowflakeScore, reasons: h.snowflakeReasons.slice(0, REASONS_PER_SNOWFLAKE) });
      best.sort((a, b) => b.score - a.score || a.fleet.localeCompare(b.fleet) || a.hostname.localeCompare(b.hostname));
      best = best.slice(0, top);
    },
    result(): ReportSummary {
      return { hosts, driftedHosts, items, snowflakes, byKind: { ...byKind }, histogram: buckets.map((b) => ({ ...b })), topSnowflakes: best.map((s) => ({ ...s })) };
    },
  };
}

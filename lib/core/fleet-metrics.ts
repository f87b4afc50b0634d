// Fleet-level numbers for the overview: conformance, fingerprint spread, snowflakes, drift, age.
import { median, percentile } from "./stats";

export interface HostMetricsInput {
  fingerprintHash: string;
  /** Drift items against the fleet spec; null when there is no spec (or the host was not compared). */
  driftCount: number | null;
  isSnowflake: boolean;
  /** Last (re)build; null when unknown (enrolled before anyone recorded it). */
  lastBuiltAt: Date | null;
}

export interface FleetMetricsInput {
  hosts: readonly HostMetricsInput[];
  now: Date;
}

export interface FleetMetrics {
  hosts: number;
  /** Hosts with zero drift; null when no host has a drift count (no spec). */
  conforming: number | null;
  /** conforming / hosts that have a drift count × 100; null likewise. */
  conformingPct: number | null;
  distinctFingerprints: number;
  /** Distinct fingerprints per 100 hosts: 1 for a fully immutable fleet, 100 when every host differs. */
  distinctPer100: number | null;
  snowflakes: number;
  medianDrift: number | null;
  p90Drift: number | null;
  /** Median days since the last (re)build, over hosts where it is known. */
  medianAgeDays: number | null;
}

const DAY_MS = 86_400_000;

export function computeFleetMetrics(input: FleetMetricsInput): FleetMetrics {
  const { hosts, now } = input;
  const counts = hosts.map((h) => h.driftCount).filter((c): c is number => c !== null);
  const conforming = counts.length === 0 ? null : counts.filter((c) => c === 0).length;
  const distinct = new Set(hosts.map((h) => h.fingerprintHash)).size;
  const ages = hosts
    .filter((h): h is HostMetricsInput & { lastBuiltAt: Date } => h.lastBuiltAt !== null && !Number.isNaN(h.lastBuiltAt.getTime()))
    .map((h) => Math.max(0, (now.getTime() - h.lastBuiltAt.getTime()) / DAY_MS));
  return {
    hosts: hosts.length,
    conforming,
    conformingPct: conforming === null ? null : (conforming / counts.length) * 100,
    distinctFingerprints: distinct,
    distinctPer100: hosts.length === 0 ? null : (distinct / hosts.length) * 100,
    snowflakes: hosts.filter((h) => h.isSnowflake).length,
    medianDrift: median(counts),
    p90Drift: percentile(counts, 90),
    medianAgeDays: median(ages),
  };
}

export interface HistogramBucket {
  /** Label for the chart axis: "0", "1", "2–5", …, "51+". */
  bucket: string;
  /** Inclusive bounds; max null for the open last bucket. */
  min: number;
  max: number | null;
  hosts: number;
}

const BUCKETS: readonly [number, number | null][] = [
  [0, 0],
  [1, 1],
  [2, 5],
  [6, 10],
  [11, 25],
  [26, 50],
  [51, null],
];

/** Hosts per drift-count bucket, every bucket present (zero included) so the chart's axis is stable. */
export function driftHistogram(counts: readonly (number | null)[]): HistogramBucket[] {
  const out = BUCKETS.map(([min, max]) => ({
    bucket: max === null ? `${min}+` : min === max ? `${min}` : `${min}–${max}`,
    min,
    max,
    hosts: 0,
  }));
  for (const c of counts) {
    if (c === null || !Number.isFinite(c) || c < 0) continue;
    const i = out.findIndex((b) => b.max === null || c <= b.max);
    out[i].hosts += 1;
  }
  return out;
}

import { describe, expect, it } from "vitest";
import { computeFleetMetrics, driftHistogram, type HostMetricsInput } from "./fleet-metrics";

const now = new Date("2025-06-30T12:00:00Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const host = (fingerprintHash: string, driftCount: number | null, built: number | null, isSnowflake = false): HostMetricsInput => ({
  fingerprintHash,
  driftCount,
  isSnowflake,
  lastBuiltAt: built === null ? null : daysAgo(built),
});

describe("computeFleetMetrics", () => {
  it("summarises an immutable fleet rebuilt from its spec", () => {
    const hosts = Array.from({ length: 20 }, (_, i) => host("a".repeat(64), 0, 3 + (i % 3)));
    expect(computeFleetMetrics({ hosts, now })).toEqual({
      hosts: 20,
      conforming: 20,
      conformingPct: 100,
      distinctFingerprints: 1,
      distinctPer100: 5,
      snowflakes: 0,
      medianDrift: 0,
      p90Drift: 0,
      medianAgeDays: 4,
    });
  });

  it("summarises a mutable fleet patched in place", () => {
    const hosts = [
      host("h1", 0, 400),
      host("h2", 2, 380),
      host("h3", 2, 500),
      host("h4", 7, 700, true),
      host("h5", 30, 900, true),
    ];
    const m = computeFleetMetrics({ hosts, now });
    expect(m).toMatchObject({ hosts: 5, conforming: 1, conformingPct: 20, distinctFingerprints: 5, distinctPer100: 100, snowflakes: 2, medianDrift: 2, medianAgeDays: 500 });
    expect(m.p90Drift).toBeCloseTo(20.8);
  });

  it("reports no conformance without a spec", () => {
    const m = computeFleetMetrics({ hosts: [host("a", null, 10), host("a", null, 20)], now });
    expect(m).toMatchObject({ conforming: null, conformingPct: null, medianDrift: null, p90Drift: null, distinctPer100: 50 });
  });

  it("counts conformance over compared hosts only and ages over known build dates", () => {
    const m = computeFleetMetrics({ hosts: [host("a", 0, null), host("b", 3, 10), host("c", null, 30)], now });
    expect(m).toMatchObject({ conforming: 1, conformingPct: 50, medianAgeDays: 20 });
  });

  it("handles an empty fleet", () => {
    expect(computeFleetMetrics({ hosts: [], now })).toEqual({
      hosts: 0,
      conforming: null,
      conformingPct: null,
      distinctFingerprints: 0,
      distinctPer100: null,
      snowflakes: 0,
      medianDrift: null,
      p90Drift: null,
      medianAgeDays: null,
    });
  });

  it("never reports a negative age for clocks slightly ahead", () => {
    expect(computeFleetMetrics({ hosts: [{ ...host("a", 0, 0), lastBuiltAt: new Date(now.getTime() + 60_000) }], now }).medianAgeDays).toBe(0);
  });
});

describe("driftHistogram", () => {
  it("buckets drift counts 0, 1, 2–5, 6–10, 11–25, 26–50, 51+", () => {
    const h = driftHistogram([0, 0, 1, 2, 5, 6, 10, 11, 25, 26, 50, 51, 400, null]);
    expect(h.map((b) => [b.bucket, b.hosts])).toEqual([
      ["0", 2],
      ["1", 1],
      ["2–5", 2],
      ["6–10", 2],
      ["11–25", 2],
      ["26–50", 2],
      ["51+", 2],
    ]);
    expect(h[6]).toMatchObject({ min: 51, max: null });
  });

  it("keeps every bucket for an empty fleet", () => {
    expect(driftHistogram([]).map((b) => b.hosts)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });
});

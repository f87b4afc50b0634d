import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { countIngest, metrics } from "./metrics";

describe("the metrics registry", () => {
  it("is one per process, and an agent request moves its counter, latency and size", async () => {
    expect(metrics()).toBe(metrics());
    const m = metrics();
    countIngest("fingerprints", "stored", 0.004, 5000);
    countIngest("checkin", "unchanged", 0.0003, 80);
    countIngest("enroll", "refused-busy", 0.001, 200);
    const text = await m.registry.metrics();
    expect(text).toMatch(/^fleetprint_ingest_requests_total\{route="fingerprints",outcome="stored"\} 1$/m);
    expect(text).toMatch(/^fleetprint_ingest_requests_total\{route="checkin",outcome="unchanged"\} 1$/m);
    expect(text).toMatch(/^fleetprint_enrollments_total\{outcome="refused-busy"\} 1$/m);
    expect(text).toMatch(/^fleetprint_report_bytes_bucket\{le="16384"\} 1$/m);
    expect(text).toMatch(/^fleetprint_ingest_duration_seconds_bucket\{le="0.005",route="fingerprints"\} 1$/m);
  });

  it("has every metric the sample Grafana dashboard queries", async () => {
    const dashboard = fs.readFileSync(path.resolve(__dirname, "../../docs/grafana-fleetprint.json"), "utf8");
    const used = new Set([...dashboard.matchAll(/\b(fleetprint_[a-z_]+|process_[a-z_]+|nodejs_[a-z_]+)/g)].map((m) => m[1].replace(/_(bucket|count|sum)$/, "")));
    const names = new Set((await metrics().registry.getMetricsAsJSON()).map((x) => x.name));
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((n) => !names.has(n))).toEqual([]);
  });
});

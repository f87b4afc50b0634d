import { describe, expect, it } from "vitest";
import type { ExportHost, ExportItem } from "./drift-export";
import { reportAccumulator } from "./drift-report";
import type { SnowflakeReason } from "./types";

const item = (kind: ExportItem["kind"], subject: string): ExportItem => ({ kind, subject, expected: null, actual: "x", explain: subject, firstSeen: null });
const reason = (subject: string): SnowflakeReason => ({ kind: "config-edited", subject, value: "a", consensus: "b", sharedBy: 1, cohort: 9, weight: 3, explain: `${subject} edited` });

function host(hostname: string, items: ExportItem[], score = 0, driftCount: number | null = items.length): ExportHost {
  return {
    fleet: "web",
    strategy: "mutable",
    hostname,
    fingerprint: "f",
    driftCount,
    snowflakeScore: score,
    isSnowflake: score >= 2.5,
    snowflakeReasons: [reason("a"), reason("b"), reason("c"), reason("d")],
    items,
  };
}

describe("reportAccumulator", () => {
  it("counts items by kind, drifted hosts and the per-host histogram", () => {
    const acc = reportAccumulator();
    acc.add(host("a", []));
    acc.add(host("b", [item("package-extra", "htop")]));
    acc.add(host("c", [item("package-extra", "htop"), item("config-changed", "/etc/x"), item("package-missing", "y")]));
    acc.add(host("d", [], 0, null)); // no spec: not in the histogram
    const r = acc.result();
    expect(r).toMatchObject({ hosts: 4, driftedHosts: 2, items: 4 });
    expect(r.byKind).toEqual({ "package-missing": 1, "package-extra": 2, "package-version": 0, "config-changed": 1, "config-missing": 0, "config-unexpected": 0 });
    expect(r.histogram.map((b) => [b.bucket, b.hosts])).toEqual([["0", 1], ["1", 1], ["2–5", 1], ["6–10", 0], ["11–25", 0], ["26–50", 0], ["51+", 0]]);
  });

  it("keeps only the strongest snowflakes, strongest first, with their top reasons", () => {
    const acc = reportAccumulator(3);
    [2.6, 9, 3, 7, 2.9, 1].forEach((s, i) => acc.add(host(`h${i}`, [], s)));
    const r = acc.result();
    expect(r.snowflakes).toBe(5);
    expect(r.topSnowflakes.map((s) => [s.hostname, s.score])).toEqual([["h1", 9], ["h3", 7], ["h2", 3]]);
    expect(r.topSnowflakes[0].reasons.map((x) => x.subject)).toEqual(["a", "b", "c"]);
  });

  it("is empty but well-formed with no hosts", () => {
    const r = reportAccumulator().result();
    expect(r.hosts).toBe(0);
    expect(r.topSnowflakes).toEqual([]);
    expect(r.histogram.every((b) => b.hosts === 0)).toBe(true);
  });
});

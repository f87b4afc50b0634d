import { describe, expect, it } from "vitest";
import type { ExportFilters, ExportMeta } from "./drift-export";
import { describeFilters, formatDays, formatPct, formatUtc, reportTitle, unicodeBar } from "./report-text";

const none: ExportFilters = { fleet: null, drifted: null, snowflake: null, q: null, since: null };
const meta = (filters: ExportFilters, names: string[]): ExportMeta => ({
  generatedAt: "2026-11-26T15:30:00.000Z",
  filters,
  fleets: names.map((name) => ({ name, strategy: "mutable", specVersion: 1, hosts: 1 })),
  totalHosts: names.length,
});

describe("report wording", () => {
  it("names the fleet(s) in the title", () => {
    expect(reportTitle(meta({ ...none, fleet: "web" }, ["web"]))).toBe("Drift report: web");
    expect(reportTitle(meta(none, ["a", "b"]))).toBe("Drift report: a, b");
    expect(reportTitle(meta(none, ["a", "b", "c", "d"]))).toBe("Drift report: 4 fleets");
    expect(reportTitle(meta(none, []))).toBe("Drift report: no fleets");
  });

  it("puts the filters in words", () => {
    expect(describeFilters(none)).toMatch(/^none/);
    expect(describeFilters({ fleet: "web", drifted: true, snowflake: false, q: "db", since: "2026-11-01" })).toBe(
      'fleet web; drifted hosts only; no snowflakes; hostname or fingerprint matching "db"; items first seen since 2026-11-01',
    );
  });

  it("formats numbers the same in every report", () => {
    expect(formatUtc("2026-11-26T15:30:12.000Z")).toBe("2026-11-26 15:30 UTC");
    expect(formatPct(95.83)).toBe("96%");
    expect(formatPct(99.7)).toBe("99.7%");
    expect(formatPct(100)).toBe("100%");
    expect(formatPct(null)).toBe("—");
    expect(formatDays(3.25)).toBe("3.3 d");
    expect(formatDays(45.6)).toBe("46 d");
  });
});

describe("unicodeBar", () => {
  it("scales to the width with eighth-cell precision", () => {
    expect(unicodeBar(10, 10, 4)).toBe("████");
    expect(unicodeBar(5, 10, 4)).toBe("██");
    expect(unicodeBar(1, 16, 4)).toBe("▎"); // 2 of 32 eighths
    expect(unicodeBar(0, 10)).toBe("");
    expect(unicodeBar(1, 10_000, 4)).toBe("▏"); // tiny but not zero stays visible
    expect(unicodeBar(20, 10, 4)).toBe("████"); // clamped
  });
});

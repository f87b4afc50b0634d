import { describe, expect, it } from "vitest";
import { strategyTotals, type ScorecardFleet } from "./scorecard";

const fleet = (over: Partial<ScorecardFleet>): ScorecardFleet => ({
  name: "f",
  strategy: "mutable",
  specVersion: 1,
  hosts: 10,
  reporting: 10,
  conforming: 5,
  conformingPct: 50,
  snowflakes: 1,
  distinctFingerprints: 4,
  distinctPer100: 40,
  medianDrift: 1,
  medianAgeDays: 30,
  ...over,
});

describe("strategyTotals", () => {
  it("weighs fleets by reporting hosts, immutable first", () => {
    const t = strategyTotals([
      fleet({ name: "a", reporting: 10, conforming: 5, distinctFingerprints: 4, snowflakes: 2 }),
      fleet({ name: "b", reporting: 30, conforming: 30, distinctFingerprints: 2, snowflakes: 0 }),
      fleet({ name: "c", strategy: "immutable", reporting: 20, conforming: 19, distinctFingerprints: 1, snowflakes: 0 }),
    ]);
    expect(t.map((x) => x.strategy)).toEqual(["immutable", "mutable"]);
    expect(t[1]).toMatchObject({ fleets: 2, hosts: 40, conformingPct: 87.5, distinctPer100: 15, snowflakes: 2, snowflakePct: 5 });
    expect(t[0]).toMatchObject({ fleets: 1, hosts: 20, conformingPct: 95, distinctPer100: 5 });
  });

  it("leaves fleets without a spec out of conformance, and empty strategies null", () => {
    const t = strategyTotals([fleet({ reporting: 10, conforming: null }), fleet({ reporting: 10, conforming: 10 })]);
    expect(t[1].conformingPct).toBe(100);
    expect(t[0]).toMatchObject({ fleets: 0, hosts: 0, conformingPct: null, distinctPer100: null, snowflakePct: null });
  });
});

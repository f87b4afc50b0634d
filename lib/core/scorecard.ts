// Mutable vs immutable in numbers: the headline of the dashboard and of every drift report. Pure, so the
// overview page and the exported reports cannot disagree.
import type { Strategy } from "./types";

/** The per-fleet numbers a scorecard needs (lib/services/list-fleets' FleetSummary has them all). */
export interface ScorecardFleet {
  name: string;
  strategy: Strategy;
  specVersion: number | null;
  hosts: number;
  reporting: number;
  conforming: number | null;
  conformingPct: number | null;
  snowflakes: number;
  distinctFingerprints: number;
  distinctPer100: number | null;
  medianDrift: number | null;
  medianAgeDays: number | null;
}

export interface StrategyTotals {
  strategy: Strategy;
  fleets: number;
  hosts: number;
  conformingPct: number | null;
  distinctPer100: number | null;
  snowflakes: number;
  snowflakePct: number | null;
}

/** Host-weighted totals per strategy, immutable first. */
export function strategyTotals(fleets: readonly ScorecardFleet[]): StrategyTotals[] {
  return (["immutable", "mutable"] as const).map((strategy) => {
    const fs = fleets.filter((f) => f.strategy === strategy);
    const hosts = fs.reduce((s, f) => s + f.reporting, 0);
    const specd = fs.filter((f) => f.conforming !== null);
    const specHosts = specd.reduce((s, f) => s + f.reporting, 0);
    const conforming = specd.reduce((s, f) => s + (f.conforming ?? 0), 0);
    const distinct = fs.reduce((s, f) => s + f.distinctFingerprints, 0);
    const snowflakes = fs.reduce((s, f) => s + f.snowflakes, 0);
    return {
      strategy,
      fleets: fs.length,
      hosts,
      conformingPct: specHosts ? (conforming / specHosts) * 100 : null,
      distinctPer100: hosts ? (distinct / hosts) * 100 : null,
      snowflakes,
      snowflakePct: hosts ? (snowflakes / hosts) * 100 : null,
    };
  });
}

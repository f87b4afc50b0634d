"use client";

import { useFleets } from "@/lib/client/queries";
import type { FleetSummary } from "@/lib/services/list-fleets";
import type { TrendRow } from "@/components/charts/trend-line-chart";
import { TrendLineChart } from "@/components/charts/trend-line-chart";
import { DriftHistogramChart, type HistogramRow } from "@/components/charts/drift-histogram-chart";
import { fleetStyles } from "@/components/charts/fleet-colors";
import { FleetCard } from "@/components/overview/fleet-card";
import { StrategyHeadline } from "@/components/overview/strategy-headline";
import { strategyTotals } from "@/components/overview/shape-overview";
import { Card, CardHeader } from "@/components/ui/stat";
import { ExportMenu } from "@/components/export/export-menu";
import { ConvergeCard } from "@/components/history/converge-table";
import type { FleetConvergence } from "@/lib/services/list-convergence";

interface Props {
  fleets: FleetSummary[];
  trends: { conforming: TrendRow[]; distinct: TrendRow[] };
  histogram: { rows: HistogramRow[]; fleets: string[] };
  /** Time to converge per fleet, latest spec versions first. */
  converge: FleetConvergence[];
  days: number;
}

// The scorecard is a wall display for some teams: it refreshes itself every minute from the API, starting from
// the server-rendered numbers so the first paint needs no request. Trend charts change slowly and stay as served.
export function OverviewClient({ fleets: initial, trends, histogram, converge, days }: Props) {
  const { data: fleets = initial } = useFleets(initial);
  const styles = fleetStyles(fleets);
  const histStyles = styles.filter((s) => histogram.fleets.includes(s.name));
  // A legend entry without a line is noise: each chart lists only fleets with points in its data.
  const withData = (rows: TrendRow[]) => {
    const keys = new Set(rows.flatMap((r) => Object.keys(r)));
    return styles.filter((s) => keys.has(s.name));
  };
  const groups = (["immutable", "mutable"] as const).map((s) => ({ strategy: s, fleets: fleets.filter((f) => f.strategy === s) }));

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Mutable vs immutable</h1>
          <p className="mt-1 text-sm text-slate-500">
            Conforming: no drift from the fleet&apos;s spec. Fingerprints/100 hosts: how many different machines you really run.
          </p>
        </div>
        <div className="text-sm" data-testid="export-all">
          <ExportMenu filters={{}} label="Export all fleets" />
        </div>
      </div>
      <StrategyHeadline totals={strategyTotals(fleets)} />

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        {groups.map((g) => (
          <section key={g.strategy} aria-labelledby={`group-${g.strategy}`} data-testid={`group-${g.strategy}`}>
            <h2 id={`group-${g.strategy}`} className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">
              {g.strategy === "immutable" ? "Immutable fleets · rebuilt from spec" : "Mutable fleets · patched in place"}
            </h2>
            {g.fleets.length === 0 ? (
              <p className="rounded-lg border border-dashed border-slate-300 p-4 text-sm text-slate-500">
                No {g.strategy} fleet yet. Create one with{" "}
                <code className="font-mono text-xs">{`{"strategy":"${g.strategy}"}`}</code> to compare.
              </p>
            ) : (
              <div className="grid gap-3 xl:grid-cols-2">
                {g.fleets.map((f) => (
                  <FleetCard key={f.name} fleet={f} />
                ))}
              </div>
            )}
          </section>
        ))}
      </div>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Card testId="chart-conforming">
          <CardHeader title={`Conforming hosts, last ${days} days`}>
            <span className="text-xs text-slate-500">solid: immutable · dashed: mutable</span>
          </CardHeader>
          <div className="p-3">
            <TrendLineChart data={trends.conforming} series={withData(trends.conforming)} unit="%" domain={[0, 100]} label="Conforming percentage over time per fleet" />
          </div>
        </Card>
        <Card testId="chart-distinct">
          <CardHeader title={`Distinct fingerprints, last ${days} days`}>
            <span className="text-xs text-slate-500">fewer is better</span>
          </CardHeader>
          <div className="p-3">
            <TrendLineChart data={trends.distinct} series={withData(trends.distinct)} domain={[0, "auto"]} label="Distinct fingerprints over time per fleet" />
          </div>
        </Card>
        <Card testId="chart-histogram" className="lg:col-span-2">
          <CardHeader title="Drift items per host">
            <span className="text-xs text-slate-500">share of each fleet&apos;s hosts in each bucket</span>
          </CardHeader>
          <div className="p-3">
            <DriftHistogramChart data={histogram.rows} series={histStyles} />
          </div>
        </Card>
        {converge.some((f) => f.versions.length > 0) && <ConvergeCard fleets={converge.filter((f) => f.versions.length > 0)} />}
      </div>
    </div>
  );
}

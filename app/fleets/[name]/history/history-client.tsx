"use client";

import type { DailyPoint } from "@/lib/core/history-daily";
import type { Strategy } from "@/lib/core/types";
import type { ConvergeView } from "@/lib/services/list-convergence";
import { HistoryLineChart, type HistoryRow, type VersionMarker } from "@/components/charts/history-line-chart";
import { fleetStyles } from "@/components/charts/fleet-colors";
import { ConvergeTable } from "@/components/history/converge-table";
import { Card, CardHeader } from "@/components/ui/stat";

interface Props {
  fleet: string;
  strategy: Strategy;
  days: number;
  series: Omit<DailyPoint, "fleet">[];
  converge: ConvergeView[];
}

const CHARTS = [
  { key: "conformingPct", title: "Conforming hosts", unit: "%", domain: [0, 100], hint: "share of hosts with no drift from the spec" },
  { key: "driftItems", title: "Drift items", unit: "", domain: [0, "auto"], hint: "all hosts together; fewer is better" },
  { key: "snowflakes", title: "Snowflakes", unit: "", domain: [0, "auto"], hint: "hosts unlike their peers" },
  { key: "distinctFingerprints", title: "Distinct fingerprints", unit: "", domain: [0, "auto"], hint: "1 means every host is the same machine" },
] as const;

// Each metric gets its own chart and scale: a percentage and a count of drift items on one axis hide each other.
export function HistoryClient({ fleet, strategy, days, series, converge }: Props) {
  const style = fleetStyles([{ name: fleet, strategy }])[0];
  const data: HistoryRow[] = series.map((p) => ({
    day: p.day,
    conformingPct: p.conformingPct,
    driftItems: p.driftItems,
    snowflakes: p.snowflakes,
    distinctFingerprints: p.distinctFingerprints,
  }));
  const inRange = new Set(series.map((p) => p.day));
  const markers: VersionMarker[] = converge
    .map((v) => ({ day: v.startedAt.slice(0, 10), label: `v${v.version}` }))
    .filter((m) => inRange.has(m.day));
  const latest = series[series.length - 1];

  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-600" data-testid="history-latest">
        {latest
          ? `Last ${days} days, one point per day (the day's last snapshot; quiet days keep the previous value). Today: ${latest.conforming ?? "—"} of ${latest.hosts} hosts conforming, ${latest.driftItems ?? "—"} drift items, ${latest.snowflakes} snowflakes, ${latest.distinctFingerprints} distinct fingerprints.`
          : "No snapshot yet: the trend starts with the first report of a host."}
      </p>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        {CHARTS.map((c) => (
          <Card key={c.key} testId={`history-chart-${c.key}`}>
            <CardHeader title={c.title}>
              <span className="text-xs text-slate-500">{c.hint}</span>
            </CardHeader>
            <div className="p-3">
              <HistoryLineChart
                data={data}
                dataKey={c.key}
                name={c.title}
                color={style.color}
                dash={style.dash}
                unit={c.unit}
                domain={[...c.domain]}
                markers={markers}
                label={`${c.title} per day for ${fleet}, with spec versions marked`}
              />
            </div>
          </Card>
        ))}
      </div>
      <Card testId="converge">
        <CardHeader title="Time to converge after each spec version">
          <span className="text-xs text-slate-500">until every host matched the version; &quot;never&quot;: a newer version came first</span>
        </CardHeader>
        <ConvergeTable versions={converge} fleet={fleet} />
      </Card>
    </div>
  );
}

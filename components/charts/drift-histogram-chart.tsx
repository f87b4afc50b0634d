"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartEmpty } from "./trend-line-chart";
import type { FleetStyle } from "./fleet-colors";

/** Per bucket: `<fleet>` holds the share of that fleet's hosts (%), `<fleet>#n` the host count for the tooltip. */
export type HistogramRow = { bucket: string } & Record<string, number | string>;

const HISTOGRAM_LABEL = "Drift items per host, share of each fleet's hosts";

// Shares, not counts: fleets differ in size and the question is "how is drift distributed", not "how many".
export function DriftHistogramChart({ data, series, height = 260 }: { data: HistogramRow[]; series: FleetStyle[]; height?: number }) {
  if (data.length === 0 || series.length === 0) return <ChartEmpty height={height} text="No fleet has both a spec and reporting hosts yet." />;
  return (
    <div role="figure" aria-label={HISTOGRAM_LABEL} data-testid="chart">
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: -8 }} barCategoryGap="20%" accessibilityLayer tabIndex={0} title={HISTOGRAM_LABEL}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="bucket" tick={{ fontSize: 11, fill: "#64748b" }} tickLine={false} axisLine={{ stroke: "#cbd5e1" }} />
          <YAxis unit="%" domain={[0, 100]} tick={{ fontSize: 11, fill: "#64748b" }} tickLine={false} axisLine={false} width={52} />
          <Tooltip
            formatter={(v, name, item) => {
              const n = (item?.payload as HistogramRow | undefined)?.[`${String(item?.dataKey)}#n`];
              return [`${typeof v === "number" ? Math.round(v) : v}% (${n ?? 0} hosts)`, name];
            }}
            labelFormatter={(l) => `${l} drift items`}
            contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: "#cbd5e1" }}
            cursor={{ fill: "#f1f5f9" }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {series.map((s) => (
            <Bar key={s.name} dataKey={s.name} name={`${s.name} (${s.strategy})`} fill={s.color} radius={[2, 2, 0, 0]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

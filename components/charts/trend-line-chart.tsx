"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { FleetStyle } from "./fleet-colors";

export type TrendRow = { day: string } & Record<string, number | string | null>;

interface Props {
  data: TrendRow[];
  series: FleetStyle[];
  unit?: string;
  domain?: [number | "auto", number | "auto"];
  height?: number;
  label: string;
}

/** One line per fleet over days. Gaps (a fleet without a snapshot that day) are bridged, not dropped to zero. */
export function TrendLineChart({ data, series, unit = "", domain = ["auto", "auto"], height = 260, label }: Props) {
  if (data.length === 0) return <ChartEmpty height={height} text="No snapshots in this period yet: points appear as hosts report." />;
  return (
    <div role="figure" aria-label={label} data-testid="chart">
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: -8 }} accessibilityLayer tabIndex={0} title={label}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="day" tickFormatter={shortDay} tick={{ fontSize: 11, fill: "#64748b" }} minTickGap={28} tickLine={false} axisLine={{ stroke: "#cbd5e1" }} />
          <YAxis domain={domain} unit={unit} tick={{ fontSize: 11, fill: "#64748b" }} tickLine={false} axisLine={false} width={52} allowDecimals={false} />
          <Tooltip
            formatter={(v) => (typeof v === "number" ? `${Math.round(v * 10) / 10}${unit}` : String(v ?? "—"))}
            labelFormatter={(l) => String(l)}
            contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: "#cbd5e1" }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} iconType="plainline" />
          {series.map((s) => (
            <Line
              key={s.name}
              type="monotone"
              dataKey={s.name}
              name={`${s.name} (${s.strategy})`}
              stroke={s.color}
              strokeWidth={2}
              strokeDasharray={s.dash}
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

export function shortDay(day: string) {
  const [, m, d] = day.split("-");
  return `${Number(d)} ${MONTHS[Number(m) - 1] ?? ""}`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function ChartEmpty({ height, text }: { height: number; text: string }) {
  return (
    <div style={{ height }} className="grid place-items-center rounded border border-dashed border-slate-200 px-6 text-center text-sm text-slate-500">
      {text}
    </div>
  );
}

"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartEmpty, shortDay } from "./trend-line-chart";

export type HistoryRow = { day: string } & Record<string, number | string | null>;

export interface VersionMarker {
  day: string;
  label: string;
}

interface Props {
  data: HistoryRow[];
  dataKey: string;
  name: string;
  color: string;
  dash?: string;
  unit?: string;
  domain?: [number | "auto", number | "auto"];
  /** Spec versions: a vertical line on the day each was saved, so a step in the line can be read against it. */
  markers: VersionMarker[];
  height?: number;
  label: string;
}

/** One metric of one fleet per day, with the spec versions marked. Nulls (no spec yet) are gaps, not zeros. */
export function HistoryLineChart({ data, dataKey, name, color, dash, unit = "", domain = [0, "auto"], markers, height = 220, label }: Props) {
  if (data.every((r) => r[dataKey] === null || r[dataKey] === undefined)) {
    return <ChartEmpty height={height} text="No value in this period: the fleet has no snapshot (or no spec) yet." />;
  }
  return (
    <div role="figure" aria-label={label} data-testid="chart">
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={data} margin={{ top: 16, right: 16, bottom: 0, left: -8 }} accessibilityLayer tabIndex={0} title={label}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="day" tickFormatter={shortDay} tick={{ fontSize: 11, fill: "#64748b" }} minTickGap={28} tickLine={false} axisLine={{ stroke: "#cbd5e1" }} />
          <YAxis domain={domain} unit={unit} tick={{ fontSize: 11, fill: "#64748b" }} tickLine={false} axisLine={false} width={52} allowDecimals={false} />
          <Tooltip
            formatter={(v) => (typeof v === "number" ? `${Math.round(v * 10) / 10}${unit}` : "—")}
            labelFormatter={(l) => String(l)}
            contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: "#cbd5e1" }}
          />
          {markers.map((m) => (
            <ReferenceLine
              key={m.label}
              x={m.day}
              stroke="#94a3b8"
              strokeDasharray="3 3"
              label={{ value: m.label, position: "top", fontSize: 10, fill: "#475569" }}
              className="spec-marker"
            />
          ))}
          <Line type="stepAfter" dataKey={dataKey} name={name} stroke={color} strokeWidth={2} strokeDasharray={dash} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

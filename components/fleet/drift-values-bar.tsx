import { valueShares, type FleetDriftRow } from "@/lib/core/fleet-drift";
import { shortValue } from "@/components/host/labels";

// Plain divs rather than a recharts chart: one tiny bar per row of a 50-row table, no axes, no tooltip state.
const COLORS = ["bg-red-500", "bg-amber-400", "bg-violet-400", "bg-sky-400", "bg-emerald-400"];

/** The values seen for one item as a stacked bar of host counts, with the most common values spelled out. */
export function DriftValuesBar({ row }: { row: FleetDriftRow }) {
  const segments = valueShares(row);
  const label = segments.map((s) => `${s.other ? s.label : shortValue(s.label === "absent" ? null : s.label)}: ${s.hosts}`).join(", ");
  return (
    <div className="min-w-48" data-testid="drift-values">
      <div className="flex h-2 w-full overflow-hidden rounded-full bg-slate-100" role="img" aria-label={`Hosts per value: ${label}`}>
        {segments.map((s, i) => (
          // No title per segment: the list below names each value in full (its title), and the bar's label reads them all.
          <div key={i} className={s.other ? "bg-slate-300" : COLORS[i % COLORS.length]} style={{ width: `${(s.share * 100).toFixed(1)}%` }} />
        ))}
      </div>
      <ul className="mt-1 flex flex-wrap gap-x-3 gap-y-0.5 font-mono text-xs text-slate-700">
        {row.values.map((v, i) => (
          <li key={i} className="flex items-center gap-1" title={v.actual ?? "absent"} data-testid="drift-value">
            <span aria-hidden className={`inline-block h-2 w-2 rounded-sm ${COLORS[i % COLORS.length]}`} />
            <span className="break-all">{shortValue(v.actual)}</span>
            <span className="text-slate-500">×{v.hosts}</span>
          </li>
        ))}
        {row.moreValues > 0 && (
          <li className="text-slate-500" data-testid="drift-more-values">
            {row.moreValues} more ({row.moreHosts} host{row.moreHosts === 1 ? "" : "s"})
          </li>
        )}
      </ul>
    </div>
  );
}

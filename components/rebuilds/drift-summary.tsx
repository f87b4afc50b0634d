import Link from "next/link";
import type { DriftKind } from "@/lib/core/types";
import type { HostDrift } from "@/lib/services/list-hosts-drift";
import { DRIFT_KIND_ORDER, shortValue } from "@/components/host/labels";
import { driftTone } from "@/components/ui/badge";
import { hostPath } from "./status";

export type { HostDrift };

const SHORT: Record<DriftKind, string> = {
  "package-version": "version",
  "package-missing": "missing pkg",
  "package-extra": "extra pkg",
  "config-changed": "config changed",
  "config-missing": "config missing",
  "config-unexpected": "unexpected config",
};

export function kindCounts(byKind: Partial<Record<DriftKind, number>>): string {
  const parts = DRIFT_KIND_ORDER.filter((k) => byKind[k]).map((k) => `${byKind[k]} ${SHORT[k]}`);
  return parts.length ? parts.join(" · ") : "no drift";
}

/** Why these hosts: each one's drift against the current spec, by kind, with its first items. */
export function DriftSummary({ fleet, drift, hostnames }: { fleet: string; drift: Record<string, HostDrift>; hostnames: string[] }) {
  const known = hostnames.filter((h) => drift[h]);
  if (known.length === 0) return null;
  const total: Partial<Record<DriftKind, number>> = {};
  for (const h of known) for (const [k, n] of Object.entries(drift[h].byKind) as [DriftKind, number][]) total[k] = (total[k] ?? 0) + n;
  const sum = known.reduce((s, h) => s + (drift[h].count ?? 0), 0);
  return (
    <details className="group rounded-md border border-slate-200" data-testid="motivating-drift">
      <summary className="flex cursor-pointer select-none flex-wrap items-baseline gap-x-2 px-3 py-1.5 text-sm hover:bg-slate-50">
        <span aria-hidden className="text-slate-400 transition-transform group-open:rotate-90">▸</span>
        <span className="font-medium text-slate-700">Drift today: {sum} items</span>
        <span className="text-xs text-slate-500">{kindCounts(total)}</span>
      </summary>
      <table className="w-full border-t border-slate-100 text-xs">
        <tbody className="divide-y divide-slate-50">
          {known.map((h) => {
            const d = drift[h];
            return (
              <tr key={h} className="align-top" data-testid="drift-host" data-hostname={h}>
                <td className="whitespace-nowrap px-3 py-1.5">
                  <Link href={hostPath(fleet, h)} className="font-mono text-blue-700 hover:underline">
                    {h}
                  </Link>
                </td>
                <td className={`px-2 py-1.5 text-right font-semibold tabular-nums ${driftTone(d.count)}`}>{d.count ?? "—"}</td>
                <td className="px-2 py-1.5 text-slate-600">{d.count === null ? "not reported or no spec" : kindCounts(d.byKind)}</td>
                <td className="hidden px-3 py-1.5 font-mono text-slate-500 lg:table-cell">
                  {d.top.map((t) => (
                    // What the rebuild does to it: from the host's value to the spec's.
                    <div key={`${t.kind}:${t.subject}`} className="truncate" title={`${t.subject}: the host has ${shortValue(t.actual)}, the spec ${shortValue(t.expected)}`} data-testid="drift-top">
                      {t.subject} <span className="text-red-700">{shortValue(t.actual)}</span> → <span className="text-emerald-700">{shortValue(t.expected)}</span>
                      {t.direction === "ahead" && <span className="ml-1 font-sans font-medium text-red-700">downgrade</span>}
                    </div>
                  ))}
                  {(d.count ?? 0) > d.top.length && <div className="font-sans text-slate-400">and {(d.count ?? 0) - d.top.length} more</div>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </details>
  );
}

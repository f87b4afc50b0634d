import Link from "next/link";
import type { ConvergeView, FleetConvergence } from "@/lib/services/list-convergence";
import { StrategyBadge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/stat";
import { formatDateTime } from "@/components/format";

function Duration({ v }: { v: ConvergeView }) {
  const tone = v.durationMs !== null ? "bg-emerald-50 text-emerald-800" : v.supersededBy !== null ? "bg-slate-100 text-slate-600" : "bg-amber-50 text-amber-800";
  return <span className={`rounded px-1.5 py-0.5 text-xs font-medium tabular-nums ${tone}`}>{v.text}</span>;
}

/** One row per spec version, newest first: when it was saved, when every host matched it, and how long that took. */
export function ConvergeTable({ versions, fleet }: { versions: ConvergeView[]; fleet: string }) {
  if (versions.length === 0) return <p className="px-4 py-4 text-sm text-slate-500">No spec yet: nothing to converge to.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="converge-table" data-fleet={fleet}>
        <thead className="border-b border-slate-200 bg-slate-50 text-left text-xs text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Spec</th>
            <th scope="col" className="px-3 py-2 font-medium">Saved</th>
            <th scope="col" className="px-3 py-2 font-medium">All hosts matched</th>
            <th scope="col" className="px-3 py-2 font-medium">Time to converge</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {versions.map((v) => (
            <tr key={v.version} data-testid="converge-row" data-version={v.version} data-converged={v.durationMs !== null ? "1" : "0"}>
              <td className="px-3 py-1.5 font-medium tabular-nums">v{v.version}</td>
              <td className="whitespace-nowrap px-3 py-1.5 text-xs text-slate-600">{formatDateTime(v.startedAt)}</td>
              <td className="whitespace-nowrap px-3 py-1.5 text-xs text-slate-600">{v.convergedAt ? formatDateTime(v.convergedAt) : "—"}</td>
              <td className="px-3 py-1.5">
                <Duration v={v} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The overview's answer to "how long until a new spec is really everywhere?", per fleet, latest versions. */
export function ConvergeCard({ fleets }: { fleets: FleetConvergence[] }) {
  return (
    <Card testId="converge" className="lg:col-span-2">
      <CardHeader title="Time to converge after each spec version">
        <span className="text-xs text-slate-500">from the spec&apos;s first trend point to the first where every host matched it</span>
      </CardHeader>
      <div className="grid grid-cols-1 divide-y divide-slate-100 lg:grid-cols-2 lg:divide-x lg:divide-y-0">
        {fleets.map((f) => (
          <section key={f.fleet} aria-label={`${f.fleet} time to converge`} data-testid={`converge-${f.fleet}`}>
            <div className="flex items-center gap-2 px-3 pt-3 pb-1 text-sm">
              <span className="font-semibold">{f.fleet}</span>
              <StrategyBadge strategy={f.strategy} />
              <Link href={`/fleets/${encodeURIComponent(f.fleet)}/history`} className="ml-auto text-xs text-blue-700 hover:underline">
                history →
              </Link>
            </div>
            <ConvergeTable versions={f.versions} fleet={f.fleet} />
          </section>
        ))}
      </div>
    </Card>
  );
}

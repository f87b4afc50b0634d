import Link from "next/link";
import type { FleetSummary } from "@/lib/services/list-fleets";
import { StrategyBadge } from "@/components/ui/badge";
import { Stat } from "@/components/ui/stat";
import { formatNumber, formatPct } from "@/components/format";
import { NotReportingLink } from "@/components/fleet/not-reporting-link";
import { CONFORMING_NOTE } from "@/lib/core/reporting";

function conformColor(p: number | null) {
  if (p === null) return "bg-slate-300";
  if (p >= 90) return "bg-emerald-500";
  if (p >= 60) return "bg-amber-500";
  return "bg-red-500";
}

export function FleetCard({ fleet: f }: { fleet: FleetSummary }) {
  const href = `/fleets/${encodeURIComponent(f.name)}`;
  return (
    <article data-testid={`fleet-card-${f.name}`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm transition-shadow hover:shadow-md">
      <header className="flex flex-wrap items-center gap-2">
        <Link href={href} className="text-base font-semibold text-slate-900 hover:text-blue-700 hover:underline">
          {f.name}
        </Link>
        <StrategyBadge strategy={f.strategy} />
        <span className="ml-auto text-xs text-slate-500">{f.specVersion === null ? "no spec" : `spec v${f.specVersion}`}</span>
      </header>
      {f.reporting === 0 ? (
        <p className="mt-4 text-sm text-slate-500">
          No host has reported yet.{" "}
          <Link href={href} className="text-blue-700 hover:underline">
            Enroll hosts →
          </Link>
        </p>
      ) : (
        <>
          <div className="mt-3 flex items-end gap-3">
            <div className="text-4xl font-bold tabular-nums tracking-tight" data-testid="conforming-pct">
              {formatPct(f.conformingPct)}
            </div>
            <div className="pb-1 text-sm text-slate-500" title={CONFORMING_NOTE}>
              {f.conformingPct === null ? "conforming (needs a spec)" : `conforming · ${f.conforming} of ${f.reporting}`}
            </div>
            <div className="ml-auto pb-1">
              <NotReportingLink fleet={f.name} count={f.notReporting} testId="card-not-reporting" />
            </div>
          </div>
          <div className="mt-2 h-1.5 overflow-hidden rounded-full bg-slate-100" aria-hidden>
            <div className={`h-full ${conformColor(f.conformingPct)}`} style={{ width: `${f.conformingPct ?? 0}%` }} />
          </div>
          <div className="mt-4 grid grid-cols-3 gap-x-3 gap-y-3">
            <Stat
              label="Fingerprints"
              testId="fingerprints-per-100"
              value={
                <span className="whitespace-nowrap">
                  {formatNumber(f.distinctPer100)}
                  <span className="text-xs font-normal text-slate-500"> /100</span>
                </span>
              }
              hint={`${f.distinctFingerprints} distinct fingerprints across ${f.reporting} hosts`}
            />
            <Stat label="Snowflakes" value={f.snowflakes} hint="Hosts unlike their peers" />
            <Stat label="Median drift" value={formatNumber(f.medianDrift)} hint="Drift items per host vs the spec (median)" />
            <Stat label="Median age" value={f.medianAgeDays === null ? "—" : `${formatNumber(f.medianAgeDays, 0)} d`} hint="Days since last (re)build" />
            <Stat label="Hosts" value={f.reporting === f.hosts ? f.hosts : `${f.reporting}/${f.hosts}`} hint="Reporting / enrolled" />
            <Stat label="Spec" value={f.specVersion === null ? "—" : `v${f.specVersion}`} />
          </div>
        </>
      )}
    </article>
  );
}

import Link from "next/link";
import type { FleetSummary } from "@/lib/services/list-fleets";
import { StrategyBadge } from "@/components/ui/badge";
import { Stat } from "@/components/ui/stat";
import { formatNumber, formatPct } from "@/components/format";
import { CONFORMING_NOTE } from "@/lib/core/reporting";
import { NotReportingLink } from "./not-reporting-link";

export function FleetHeader({ fleet: f }: { fleet: FleetSummary }) {
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{f.name}</h1>
        <StrategyBadge strategy={f.strategy} />
        <span className="text-sm text-slate-500">{f.specVersion === null ? "no spec yet" : `spec v${f.specVersion}`}</span>
        <NotReportingLink fleet={f.name} count={f.notReporting} testId="fleet-not-reporting" />
        <Link href={`/fleets/${encodeURIComponent(f.name)}/history`} className="ml-auto text-sm font-medium text-blue-700 hover:underline" data-testid="fleet-history-link">
          History and time to converge →
        </Link>
      </div>
      <div className="grid grid-cols-3 gap-4 rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm sm:grid-cols-4 lg:grid-cols-7" data-testid="fleet-metrics">
        <Stat label="Conforming" value={formatPct(f.conformingPct)} hint={f.conforming === null ? "Needs a spec" : `${f.conforming} of ${f.reporting} hosts match the spec. ${CONFORMING_NOTE}`} />
        <Stat label="Hosts" value={f.reporting === f.hosts ? f.hosts : `${f.reporting}/${f.hosts}`} hint="Reporting / enrolled" />
        <Stat label="Fingerprints" value={f.distinctFingerprints} hint="Distinct fingerprints in the fleet" />
        <Stat label="Per 100 hosts" value={formatNumber(f.distinctPer100)} hint="Distinct fingerprints per 100 hosts" />
        <Stat label="Snowflakes" value={f.snowflakes} />
        <Stat label="Median drift" value={formatNumber(f.medianDrift)} />
        <Stat label="Median age" value={f.medianAgeDays === null ? "—" : `${formatNumber(f.medianAgeDays, 0)} d`} hint="Days since last (re)build" />
      </div>
    </div>
  );
}

import type { StrategyTotals } from "./shape-overview";
import { formatNumber, formatPct } from "@/components/format";
import { STRATEGY_ACCENT } from "@/components/charts/fleet-colors";

/** The one-line answer to "does rebuilding from spec pay off?", then the numbers behind it per strategy. */
export function StrategyHeadline({ totals }: { totals: StrategyTotals[] }) {
  const present = totals.filter((t) => t.fleets > 0);
  const sentence = present
    .map((t) => `${t.strategy}: ${formatPct(t.conformingPct)} conforming, ${formatNumber(t.distinctPer100)} fingerprints/100 hosts`)
    .join(" — ");
  return (
    <div className="space-y-3">
      <p data-testid="headline" className="text-base font-medium text-slate-700 sm:text-lg">
        {sentence}
      </p>
      <div className="grid gap-3 sm:grid-cols-2">
        {present.map((t) => {
          const a = STRATEGY_ACCENT[t.strategy];
          return (
            <div key={t.strategy} className={`rounded-lg border ${a.border} ${a.bg} px-4 py-3`} data-testid={`strategy-${t.strategy}`}>
              <div className={`text-xs font-semibold uppercase tracking-wide ${a.text}`}>
                {t.strategy} · {t.fleets} {t.fleets === 1 ? "fleet" : "fleets"} · {t.hosts} hosts
              </div>
              <div className="mt-1 flex flex-wrap items-baseline gap-x-6 gap-y-1">
                <span>
                  <span className="text-3xl font-bold tabular-nums text-slate-900">{formatPct(t.conformingPct)}</span>
                  <span className="ml-1 text-sm text-slate-600">conforming</span>
                </span>
                <span>
                  <span className="text-xl font-semibold tabular-nums text-slate-900">{formatNumber(t.distinctPer100)}</span>
                  <span className="ml-1 text-sm text-slate-600">fingerprints / 100 hosts</span>
                </span>
                <span>
                  <span className="text-xl font-semibold tabular-nums text-slate-900">{t.snowflakes}</span>
                  <span className="ml-1 text-sm text-slate-600">snowflakes</span>
                </span>
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { requirePageRole } from "@/lib/server/auth";
import { DEFAULT_HISTORY_DAYS, fleetHistoryQuerySchema } from "@/lib/server/history-schemas";
import { getFleetHistory } from "@/lib/services/get-fleet-history";
import { orNotFound } from "@/lib/server/load-or-404";
import { StrategyBadge } from "@/components/ui/badge";
import { HistoryClient } from "./history-client";
import { Breadcrumb, fleetTrail } from "@/components/ui/breadcrumb";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ name: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The day ranges offered; any other ?days= within the API's limits works too. */
const RANGES = [30, 90, 180, 365];

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: `${name} · history` };
}

export default async function FleetHistoryPage({ params, searchParams }: Props) {
  await requirePageRole("viewer");
  const { name } = await params;
  const raw = (await searchParams).days;
  const parsed = fleetHistoryQuerySchema.safeParse({ days: Array.isArray(raw) ? raw[0] : raw });
  // A bad ?days= in a hand-edited URL falls back to the default range rather than an error page.
  const days = parsed.success ? parsed.data.days : DEFAULT_HISTORY_DAYS;
  const db = await getDb();
  const h = await orNotFound(getFleetHistory(db, name, days));
  const fleetHref = `/fleets/${encodeURIComponent(h.fleet)}`;

  return (
    <div className="space-y-6">
      <Breadcrumb trail={fleetTrail(h.fleet)} current="history" />
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{h.fleet} history</h1>
        <StrategyBadge strategy={h.strategy} />
        <span className="text-sm text-slate-500">{h.specVersion === null ? "no spec yet" : `spec v${h.specVersion}`}</span>
        <nav aria-label="Period" className="ml-auto flex gap-1 text-sm" data-testid="history-range">
          {RANGES.map((d) => (
            <Link
              key={d}
              href={`${fleetHref}/history?days=${d}`}
              aria-current={d === days ? "page" : undefined}
              className={`rounded-md px-2.5 py-1 ${d === days ? "bg-slate-800 text-white" : "border border-slate-300 bg-white hover:bg-slate-50"}`}
            >
              {d} d
            </Link>
          ))}
        </nav>
      </div>
      <HistoryClient fleet={h.fleet} strategy={h.strategy} days={h.days} series={h.series} converge={h.converge} />
    </div>
  );
}

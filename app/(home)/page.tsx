import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { requirePageRole } from "@/lib/server/auth";
import { listFleets } from "@/lib/services/list-fleets";
import { listConvergence } from "@/lib/services/list-convergence";
import { listDailyHistory } from "@/lib/services/list-daily-history";
import { shapeHistogram, shapeTrends } from "@/components/overview/shape-overview";
import { EnrollSteps } from "@/components/enroll-steps";
import { requestOrigin } from "@/lib/server/page-origin";
import { OverviewClient } from "./overview-client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Scorecard: mutable vs immutable" };

const DAYS = 180;
/** Spec versions per fleet in the overview's converge table; the fleet history page has them all. */
const CONVERGE_VERSIONS = 3;

export default async function OverviewPage() {
  await requirePageRole("viewer");
  const db = await getDb();
  const now = new Date();
  const fleets = await listFleets(db, now);
  if (fleets.length === 0) return <EmptyOverview origin={await requestOrigin()} />;
  const daily = await listDailyHistory(db, { days: DAYS, now });
  const converge = await listConvergence(db, { limit: CONVERGE_VERSIONS });
  return <OverviewClient fleets={fleets} trends={shapeTrends(daily)} histogram={shapeHistogram(fleets)} converge={converge} days={DAYS} />;
}

function EmptyOverview({ origin }: { origin: string }) {
  return (
    <div className="mx-auto max-w-3xl space-y-6" data-testid="empty-overview">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">No fleets yet</h1>
        <p className="mt-2 text-slate-600">
          Fleetprint compares what your servers are with what they were built to be. Create a fleet, enroll a few hosts, and this
          page becomes a scorecard of conformance, drift and snowflakes — mutable fleets side by side with immutable ones.
        </p>
        <p className="mt-2 text-sm text-slate-500">
          The commands use <code className="font-mono">$FLEETPRINT_TOKEN</code>: an admin&apos;s personal API token, made under{" "}
          <a href="/settings/tokens" className="underline">API tokens</a>.
        </p>
      </div>
      <EnrollSteps origin={origin} includeCreateFleet />
    </div>
  );
}

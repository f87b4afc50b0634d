import "server-only";
import type { Db } from "@/db/client";
import { findFleet } from "./find-fleet";
import { listConvergence } from "./list-convergence";
import { listDailyHistory } from "./list-daily-history";

/** The fleet history page and GET /fleets/{name}/history: the daily trend and the converge table. */
export async function getFleetHistory(db: Db, fleetName: string, days: number, now = new Date()) {
  const fleet = await findFleet(db, fleetName);
  const series = await listDailyHistory(db, { fleet: fleet.name, days, now });
  const [convergence] = await listConvergence(db, { fleet: fleet.name });
  return {
    fleet: fleet.name,
    strategy: fleet.strategy,
    specVersion: fleet.specVersion,
    days,
    series: series.map(({ fleet: _fleet, strategy: _strategy, ...point }) => point),
    converge: convergence.versions,
  };
}

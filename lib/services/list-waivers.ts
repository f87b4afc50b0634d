import "server-only";
import type { Db } from "@/db/client";
import { waiverStatuses } from "@/lib/core/waivers";
import { findFleet } from "./find-fleet";
import { loadCurrentSpec } from "./edit-spec";

/** The waivers of the fleet's current spec, each active or expired at `now` (an expired one no longer hides drift). */
export async function listWaivers(db: Db, fleetName: string, now = new Date()) {
  const fleet = await findFleet(db, fleetName);
  const current = await loadCurrentSpec(db, fleet);
  return { fleet: fleet.name, specVersion: current?.version ?? null, waivers: waiverStatuses(current?.spec.waivers, now) };
}

import "server-only";
// The fleet-wide drift table as a CSV stream: every item matching the filters, every value seen, read a page at a
// time so a fleet with thousands of drifting items never sits in memory whole.
import { setImmediate } from "node:timers/promises";
import type { Db } from "@/db/client";
import { UTF8_BOM } from "@/lib/core/csv";
import { FLEET_DRIFT_CSV_HEADER, fleetDriftCsvRecord } from "@/lib/core/fleet-drift";
import { findFleet } from "./find-fleet";
import { eachFleetDriftPage, type FleetDriftFilter } from "./list-fleet-drift";

const PAGE = 500;
/** Values per item in the export: all of them in practice (a config path with more distinct hashes says "n more"). */
const EXPORT_VALUES = 1000;

/** Fails (unknown fleet) before the first byte; then yields the header and one record per item. */
export async function exportFleetDrift(db: Db, fleetName: string, filter: Omit<FleetDriftFilter, "limit" | "offset" | "values">): Promise<AsyncGenerator<Uint8Array>> {
  const fleet = await findFleet(db, fleetName);
  const enc = new TextEncoder();
  async function* rows(): AsyncGenerator<Uint8Array> {
    yield enc.encode(UTF8_BOM + FLEET_DRIFT_CSV_HEADER);
    for await (const page of eachFleetDriftPage(db, fleet, { ...filter, values: EXPORT_VALUES }, PAGE)) {
      yield enc.encode(page.map((r) => fleetDriftCsvRecord(fleet.name, r)).join(""));
      await setImmediate();
    }
  }
  return rows();
}

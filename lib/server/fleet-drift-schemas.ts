import "server-only";
// Query of GET /api/v1/fleets/{name}/drift (the fleet-wide drift table): the same filters and sorts as the fleet
// page's drift section, plus paging and format=csv for the streamed export of every matching item.
import { z } from "zod";
import { DRIFT_KINDS } from "@/lib/core/drift";
import { DRIFT_DIRECTIONS, FLEET_DRIFT_SORTS, MAX_FLEET_DRIFT_PAGE } from "@/lib/core/fleet-drift";

const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { message: `one of ${values.join(", ")}` });

export const fleetDriftQuerySchema = z.object({
  kind: oneOf(DRIFT_KINDS as [string, ...string[]]).transform((k) => k as (typeof DRIFT_KINDS)[number]).optional(),
  direction: oneOf(DRIFT_DIRECTIONS).optional(),
  q: z.string().max(200, "at most 200 characters").optional(),
  sort: oneOf(FLEET_DRIFT_SORTS).optional(),
  dir: oneOf(["asc", "desc"] as const).optional(),
  limit: z.coerce.number().int("a whole number").min(1, "at least 1").max(MAX_FLEET_DRIFT_PAGE, `at most ${MAX_FLEET_DRIFT_PAGE}`).optional(),
  cursor: z.string().max(200).optional(),
  format: oneOf(["json", "csv"] as const).default("json"),
});

import "server-only";
// GET /fleets/{name}/drift in the OpenAPI document: the fleet's drift grouped by item (README "Fleet-wide drift").
import { z } from "zod";
import { DRIFT_KINDS } from "@/lib/core/drift";
import { DRIFT_DIRECTIONS, TOP_VALUES } from "@/lib/core/fleet-drift";
import { fleetDriftQuerySchema } from "./fleet-drift-schemas";

type Errors = (...codes: number[]) => Record<string, unknown>;

const int = { type: "integer" };
const itemShape = {
  type: "object",
  properties: {
    kind: { enum: [...DRIFT_KINDS] },
    subject: { type: "string", description: "Package key (apache2, libc6:i386), config path, or os" },
    expected: { type: ["string", "null"], description: "The current spec's value" },
    hosts: { ...int, description: "Hosts carrying the item" },
    fingerprints: { ...int, description: "Distinct fingerprints carrying it" },
    behind: { ...int, description: "Hosts whose version is older than the spec's" },
    ahead: { ...int, description: "Hosts whose version is newer than the spec's (a rebuild would downgrade them)" },
    firstSeen: { type: ["string", "null"], format: "date-time", description: "The earliest report (host history time) with which a host that still carries the item took on its current fingerprint" },
    values: {
      type: "array",
      description: `The most common actual values (${TOP_VALUES}; the CSV lists all), most hosts first`,
      items: { type: "object", properties: { actual: { type: ["string", "null"] }, hosts: int, direction: { enum: [...DRIFT_DIRECTIONS, null] } } },
    },
    moreValues: { ...int, description: "Distinct values not listed" },
    moreHosts: { ...int, description: "Hosts carrying the values not listed" },
  },
};

export function fleetDriftPaths({ errors }: { errors: Errors }) {
  const query = z.toJSONSchema(fleetDriftQuerySchema, { io: "input", unrepresentable: "any" }) as { properties: Record<string, unknown> };
  return {
    "/fleets/{name}/drift": {
      get: {
        summary:
          "The fleet's drift grouped by item (kind + subject) against its current spec: hosts affected, values seen with host counts, direction, first seen. " +
          "Sorted (hosts, subject, kind, firstSeen) and filtered in the database; format=csv streams every matching item",
        parameters: [
          { name: "name", in: "path", required: true, schema: { type: "string" } },
          ...Object.entries(query.properties).map(([name, schema]) => ({ name, in: "query", required: false, schema })),
        ],
        responses: {
          "200": {
            description: "One page of items (JSON), or the CSV export",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    fleet: { type: "string" },
                    specVersion: { type: ["integer", "null"], description: "null: no spec, no drift" },
                    total: { ...int, description: "Items matching the filters" },
                    hosts: { ...int, description: "Hosts with at least one matching item" },
                    offset: int,
                    limit: int,
                    count: int,
                    nextCursor: { type: ["string", "null"] },
                    items: { type: "array", items: itemShape },
                  },
                },
              },
              "text/csv": { schema: { type: "string", description: "fleet,kind,subject,expected,hosts,behind,ahead,fingerprints,first_seen,values" } },
            },
          },
          ...errors(400, 401, 404),
        },
      },
    },
  };
}

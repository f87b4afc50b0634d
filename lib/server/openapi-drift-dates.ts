import "server-only";
// The two dates of a drift item (issue 9, "dates that agree") in the OpenAPI document: the host drift API and the
// drift export's JSON items carry them, so both point here.

const nullable = (type: string) => ({ type: [type, "null"] });

/** Properties added to a DriftItem by the drift API and the export. */
export const driftDateProperties = {
  firstSeen: { ...nullable("string"), format: "date-time", description: "Since when the host has carried the item without a break (null: unknown)" },
  differsSince: {
    ...nullable("string"),
    format: "date-time",
    description:
      "Since when the item has differed from the CURRENT spec: the later of firstSeen and the save date of the oldest version in the unbroken " +
      "run of versions, ending at the current one, that expected what the current version expects for this subject (null: unknown)",
  },
  differsSinceVersion: { ...nullable("integer"), description: "The spec version in force at differsSince" },
};

type Errors = (...codes: number[]) => Record<string, unknown>;

export function hostDriftPaths({ errors, hostParams }: { errors: Errors; hostParams: unknown[] }) {
  return {
    "/hosts/{hostname}/drift": {
      get: {
        summary: "Drift items against the fleet spec, each with since when the host has carried it and since when it has differed from the current spec",
        parameters: hostParams,
        responses: {
          "200": {
            description: "Drift",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    hostname: { type: "string" },
                    fleet: { type: "string" },
                    specVersion: nullable("integer"),
                    fingerprint: nullable("string"),
                    hasSpec: { type: "boolean" },
                    items: { type: "array", items: { allOf: [{ $ref: "#/components/schemas/DriftItem" }, { type: "object", properties: driftDateProperties }] } },
                  },
                },
              },
            },
          },
          ...errors(401, 404, 409),
        },
      },
    },
  };
}

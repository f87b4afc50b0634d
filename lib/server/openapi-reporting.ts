import "server-only";
// Issue 9 "not reporting" and "what matters first" in the OpenAPI document: the hosts list with its reporting
// status and filter (replacing the plain /hosts entry of openapi.ts), and the alert kind. The policy fields
// (reportingIntervalMinutes, snowflakeThreshold) come from policySchema through openapi-policy.ts.
import { REPORTING_INTERVAL_DEFAULT, REPORTING_STATUSES } from "@/lib/core/reporting";
import { SNOWFLAKE_THRESHOLD } from "@/lib/core/snowflake";
import { HOST_SORTS, MAX_PAGE } from "@/lib/services/list-hosts";
import { hostSourceParameter, hostSourceRowProperties } from "./openapi-host-source";

type Errors = (...codes: number[]) => Record<string, unknown>;
const ok = (description: string, schema: unknown) => ({ description, content: { "application/json": { schema } } });

const hostRow = {
  type: "object",
  properties: {
    id: { type: "integer" },
    hostname: { type: "string" },
    fleet: { type: "string" },
    strategy: { enum: ["mutable", "immutable"] },
    fingerprint: { type: ["string", "null"] },
    machineId: { type: ["string", "null"] },
    lastSeen: { type: ["string", "null"], format: "date-time", description: "Last check-in (written behind, within about a second)" },
    reporting: {
      enum: [...REPORTING_STATUSES],
      description: `not-reporting: last seen longer ago than the fleet's reportingIntervalMinutes (policy; default ${REPORTING_INTERVAL_DEFAULT}); never: enrolled, no check-in yet`,
    },
    lastChanged: { type: ["string", "null"], format: "date-time" },
    lastBuilt: { type: "string", format: "date-time" },
    driftCount: { type: ["integer", "null"] },
    snowflakeScore: { type: "number" },
    isSnowflake: { type: "boolean", description: `snowflakeScore at or above the fleet's snowflakeThreshold (policy; null: ${SNOWFLAKE_THRESHOLD})` },
    sharedBy: { type: "integer" },
    ...hostSourceRowProperties,
  },
};

export function reportingPaths({ errors }: { errors: Errors }) {
  return {
    "/hosts": {
      get: {
        summary:
          "Hosts with drift count, snowflake score and reporting status, one page at a time (filtered, sorted and paged in the database). " +
          "Answer: {count, total, hosts, nextCursor}; pass nextCursor back as ?cursor= for the next page (null on the last). " +
          "driftCount is null while a host's new fingerprint is being analysed (a second or so after it reported). " +
          "?reporting=not-reporting lists the hosts not seen for longer than their fleet's reporting interval.",
        parameters: [
          ...["fleet", "drifted", "snowflake", "q", "cursor"].map((name) => ({ name, in: "query", required: false, schema: { type: "string" } })),
          { name: "item", in: "query", required: false, schema: { type: "string" }, description: "kind:subject, e.g. package-version:libssl3: hosts carrying that drift item against the current spec" },
          { name: "reporting", in: "query", required: false, schema: { enum: [...REPORTING_STATUSES] } },
          hostSourceParameter,
          { name: "sort", in: "query", required: false, schema: { enum: [...HOST_SORTS] } },
          { name: "dir", in: "query", required: false, schema: { enum: ["asc", "desc"] } },
          { name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: MAX_PAGE, default: 100 } },
        ],
        responses: {
          "200": ok("One page of hosts", {
            type: "object",
            properties: { count: { type: "integer" }, total: { type: "integer" }, hosts: { type: "array", items: hostRow }, nextCursor: { type: ["string", "null"] } },
          }),
          ...errors(400, 401),
        },
      },
    },
  };
}

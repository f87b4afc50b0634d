import "server-only";
// The history routes in the OpenAPI document (fleet trend and converge table, host timeline), kept beside
// openapi.ts like the export's, so their response shapes sit in one place.
import type { HostEvent } from "@/lib/core/types";

type Errors = (...codes: number[]) => Record<string, unknown>;
type Param = Record<string, unknown>;

const ok = (description: string, schema: unknown) => ({ description, content: { "application/json": { schema } } });

const nullableInt = { type: ["integer", "null"] };
const changeCounts = {
  type: ["object", "null"],
  properties: {
    packages: { type: "object", properties: Object.fromEntries(["upgraded", "downgraded", "changed", "added", "removed"].map((k) => [k, { type: "integer" }])) },
    configs: { type: "object", properties: Object.fromEntries(["changed", "added", "removed"].map((k) => [k, { type: "integer" }])) },
    os: { type: "integer" },
    total: { type: "integer" },
  },
};
const historyShape = {
  type: "object",
  properties: {
    hostname: { type: "string" },
    fleet: { type: "string" },
    current: { type: ["string", "null"] },
    total: { type: "integer" },
    entries: {
      type: "array",
      items: {
        type: "object",
        properties: {
          id: { type: "integer", description: "Usable as from/to of /hosts/{hostname}/diff when the entry has a fingerprint. The enrolled entry is the host record itself: its id is minus the host's id." },
          at: { type: "string", format: "date-time" },
          event: { enum: ["enrolled", "fingerprint", "rebuilt", "replaced", "renamed", "key-revoked"] satisfies HostEvent[] },
          fingerprint: { type: ["string", "null"] },
          previous: { type: ["string", "null"] },
          changes: changeCounts,
          summary: { type: ["string", "null"], description: "3 packages upgraded, 1 added, 2 configs changed; for identity events what changed (was web-02)" },
          detail: {
            type: ["object", "null"],
            description: "Identity events: {previousMachineId, machineId} (replaced), {previousHostname, hostname} (renamed), {by, enrollSecretId?} (key-revoked)",
          },
        },
      },
    },
  },
};
const fleetHistoryShape = {
  type: "object",
  properties: {
    fleet: { type: "string" },
    strategy: { enum: ["mutable", "immutable"] },
    specVersion: nullableInt,
    days: { type: "integer" },
    series: {
      type: "array",
      items: {
        type: "object",
        properties: {
          day: { type: "string", format: "date" },
          takenAt: { type: "string", format: "date-time", description: "The snapshot the values come from" },
          carried: { type: "boolean", description: "No snapshot that day: the previous values" },
          hosts: { type: "integer" },
          conforming: nullableInt,
          conformingPct: { type: ["number", "null"] },
          driftItems: nullableInt,
          snowflakes: { type: "integer" },
          distinctFingerprints: { type: "integer" },
          medianDrift: nullableInt,
          specVersion: nullableInt,
        },
      },
    },
    converge: {
      type: "array",
      description: "Newest spec version first",
      items: {
        type: "object",
        properties: {
          version: { type: "integer" },
          startedAt: { type: "string", format: "date-time" },
          convergedAt: { type: ["string", "null"], format: "date-time", description: "First snapshot where every host conformed; null: not (yet)" },
          durationMs: nullableInt,
          conforming: nullableInt,
          hosts: nullableInt,
          supersededBy: nullableInt,
          text: { type: "string", description: "1 d 14 h, not yet (22 of 24), never (31 of 40 when v3 came)" },
        },
      },
    },
  },
};

export function historyPaths({ errors, hostParams, fleetParam }: { errors: Errors; hostParams: Param[]; fleetParam: Param }) {
  return {
    "/hosts/{hostname}/history": {
      get: {
        summary: "The host's fingerprint timeline, oldest first (the newest `limit` entries), each change counted against the content before it",
        parameters: [...hostParams, { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 1000, default: 200 } }],
        responses: { "200": ok("Timeline", historyShape), ...errors(400, 401, 404, 409) },
      },
    },
    "/fleets/{name}/history": {
      get: {
        summary:
          "One point per UTC day (the day's last trend snapshot; days without one carry the previous value) and the time to converge after each spec version",
        parameters: [fleetParam, { name: "days", in: "query", schema: { type: "integer", minimum: 1, maximum: 731, default: 180 } }],
        responses: { "200": ok("Daily series and converge table", fleetHistoryShape), ...errors(400, 401, 404) },
      },
    },
  };
}

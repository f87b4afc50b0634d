import "server-only";
// The drift export in the OpenAPI document: its path and the JSON format's schema (kept here so the export's
// contract sits in one place beside openapi.ts).

import { FLAG_VALUES } from "@/lib/core/query-flag";
import { driftDateProperties } from "./openapi-drift-dates";
import { hostSourceExportProperties, hostSourceParameter } from "./openapi-host-source";

type Errors = (...codes: number[]) => Record<string, unknown>;

const nullable = (type: string) => ({ type: [type, "null"] });
export const driftExportSchema = {
  type: "object",
  required: ["schema", "generatedAt", "filters", "fleets", "totalHosts", "hosts", "count"],
  properties: {
    schema: { const: 1 },
    generatedAt: { type: "string", format: "date-time" },
    filters: {
      type: "object",
      properties: { fleet: nullable("string"), drifted: nullable("boolean"), snowflake: nullable("boolean"), q: nullable("string"), since: nullable("string"), source: nullable("string") },
    },
    fleets: {
      type: "array",
      items: {
        type: "object",
        properties: {
          name: { type: "string" },
          strategy: { enum: ["mutable", "immutable"] },
          specVersion: { ...nullable("integer"), description: "The spec version drift was computed against; null without a spec" },
          hosts: { type: "integer" },
        },
      },
    },
    totalHosts: { type: "integer" },
    hosts: {
      type: "array",
      items: {
        type: "object",
        properties: {
          fleet: { type: "string" },
          strategy: { enum: ["mutable", "immutable"] },
          hostname: { type: "string" },
          fingerprint: { ...nullable("string"), description: "sha256 of the fingerprint the items were computed from" },
          driftCount: { ...nullable("integer"), description: "Items against the current spec before since=" },
          snowflakeScore: { type: "number" },
          isSnowflake: { type: "boolean" },
          ...hostSourceExportProperties,
          items: {
            type: "array",
            items: {
              allOf: [
                { $ref: "#/components/schemas/DriftItem" },
                { type: "object", properties: driftDateProperties },
              ],
            },
          },
        },
      },
    },
    count: { type: "object", properties: { hosts: { type: "integer" }, items: { type: "integer" } } },
  },
};

export function exportPaths({ errors }: { errors: Errors }) {
  return {
    "/exports/drift": {
      get: {
        summary:
          "Stream drift as a file: one row per drift item with when it was first seen (CSV, UTF-8 with BOM, formula-like cells prefixed with '), the same data typed (JSON), or a report a person reads (Markdown, PDF). " +
          "Hosts are filtered like GET /hosts (q matches a hostname substring or a fingerprint prefix); since= keeps items first seen at or after it. " +
          "No Content-Length (it streams): X-Fleetprint-Total-Hosts tells how many hosts it holds",
        parameters: [
          { name: "format", in: "query", required: false, schema: { enum: ["csv", "json", "md", "pdf"], default: "csv" } },
          { name: "fleet", in: "query", required: false, schema: { type: "string" }, description: "One fleet; every fleet when absent" },
          { name: "drifted", in: "query", required: false, schema: { enum: [...FLAG_VALUES] } },
          { name: "snowflake", in: "query", required: false, schema: { enum: [...FLAG_VALUES] } },
          { name: "q", in: "query", required: false, schema: { type: "string", maxLength: 253 } },
          { name: "since", in: "query", required: false, schema: { type: "string" }, description: "ISO 8601 date (midnight UTC) or date-time with a zone" },
          hostSourceParameter,
        ],
        responses: {
          "200": {
            description: "The export, as an attachment named after its filters and time",
            headers: { "X-Fleetprint-Total-Hosts": { schema: { type: "integer" }, description: "Hosts in the export (before since=, which may drop some)" } },
            content: {
              "text/csv": { schema: { type: "string" } },
              "application/json": { schema: { $ref: "#/components/schemas/DriftExport" } },
              "text/markdown": { schema: { type: "string" } },
              "application/pdf": { schema: { type: "string", format: "binary" } },
            },
          },
          ...errors(400, 401, 404),
        },
      },
    },
  };
}

// The OpenAPI 3.1 document of /api/v1. Request schemas come from the same zod schemas the routes validate
// with, so the document cannot drift from the code.
import { z } from "zod";
import { agentReportSchema } from "@/lib/core/parse-report";
import { captureSchema, createFleetSchema, enrollSchema } from "./validate";

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
const error = { $ref: "#/components/schemas/Error" };
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), { description: ERROR_TEXT[c], content: { "application/json": { schema: error } } }]));
const ERROR_TEXT: Record<number, string> = {
  400: "Malformed input; the message names the field",
  401: "Missing or wrong credentials",
  404: "No such fleet or host",
  409: "Conflict (duplicate name, or an ambiguous hostname: add ?fleet=)",
  413: "Body too large",
  415: "Unsupported Content-Encoding",
};
const body = (schema: unknown) => ({ required: true, content: { "application/json": { schema } } });
const ok = (description: string, schema: unknown = { type: "object" }) => ({ description, content: { "application/json": { schema } } });
const fleetParam = { name: "name", in: "path", required: true, schema: { type: "string" } };
const hostParams = [
  { name: "hostname", in: "path", required: true, schema: { type: "string" } },
  { name: "fleet", in: "query", required: false, schema: { type: "string" }, description: "Needed only when two fleets share the hostname" },
];
const admin = [{ adminToken: [] }];

export function openApiDocument(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Fleetprint API",
      version: "1",
      description:
        "Collect package and config fingerprints from servers; read drift (host vs fleet spec) and snowflakes (host vs its peers). " +
        "Errors are JSON {error:{code,message}}. Admin writes need Authorization: Bearer <FLEETPRINT_ADMIN_TOKEN>; agents use their host key.",
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
    components: {
      securitySchemes: {
        adminToken: { type: "http", scheme: "bearer", description: "FLEETPRINT_ADMIN_TOKEN" },
        hostKey: { type: "http", scheme: "bearer", description: "The host key returned by /enroll" },
      },
      schemas: {
        Error: { type: "object", properties: { error: { type: "object", properties: { code: { type: "string" }, message: { type: "string" } } } } },
        AgentReport: json(agentReportSchema),
        DriftItem: {
          type: "object",
          properties: {
            kind: { enum: ["package-missing", "package-extra", "package-version", "config-changed", "config-missing", "config-unexpected"] },
            subject: { type: "string" },
            expected: { type: ["string", "null"] },
            actual: { type: ["string", "null"] },
            explain: { type: "string" },
          },
        },
      },
    },
    paths: {
      "/enroll": {
        post: {
          summary: "Enroll a host with a fleet's enroll secret; re-enrolling the same hostname continues the same host",
          requestBody: body(json(enrollSchema)),
          responses: { "201": ok("The host key (shown once)", { type: "object", properties: { hostId: { type: "integer" }, hostKey: { type: "string" } } }), ...errors(400, 401, 413) },
        },
      },
      "/fingerprints": {
        post: {
          summary: "Send a report (JSON, optionally Content-Encoding: gzip; 16 MiB max)",
          security: [{ hostKey: [] }],
          requestBody: body({ $ref: "#/components/schemas/AgentReport" }),
          responses: {
            "202": ok("Stored (once per distinct content)", { type: "object", properties: { hostId: { type: "integer" }, fingerprint: { type: "string" }, changed: { type: "boolean" } } }),
            ...errors(400, 401, 413, 415),
          },
        },
      },
      "/fleets": {
        get: { summary: "Fleets with hosts, conforming hosts, snowflakes, distinct fingerprints, spec version", responses: { "200": ok("Fleets") } },
        post: { summary: "Create a fleet", security: admin, requestBody: body(json(createFleetSchema)), responses: { "201": ok("Created"), ...errors(400, 401, 409) } },
      },
      "/fleets/{name}/enroll-secrets": {
        post: { summary: "Create an enroll secret (shown once)", security: admin, parameters: [fleetParam], responses: { "201": ok("The secret"), ...errors(401, 404) } },
      },
      "/fleets/{name}/enroll-secrets/{id}": {
        delete: {
          summary: "Revoke an enroll secret (enrolled hosts keep their keys)",
          security: admin,
          parameters: [fleetParam, { name: "id", in: "path", required: true, schema: { type: "integer" } }],
          responses: { "200": ok("Revoked"), ...errors(400, 401, 404) },
        },
      },
      "/fleets/{name}/spec": {
        get: {
          summary: "The current (or ?version=) spec; Accept: application/yaml for the YAML text",
          parameters: [fleetParam, { name: "version", in: "query", schema: { type: "integer" } }],
          responses: { "200": ok("Spec"), ...errors(400, 404) },
        },
        put: {
          summary: "Save a new spec version (YAML or JSON body)",
          security: admin,
          parameters: [fleetParam],
          requestBody: { required: true, content: { "application/yaml": { schema: { type: "string" } }, "application/json": { schema: { type: "object" } } } },
          responses: { "201": ok("The new version", { type: "object", properties: { version: { type: "integer" } } }), ...errors(400, 401, 404, 413) },
        },
      },
      "/fleets/{name}/spec/capture": {
        post: { summary: "Capture a golden host's fingerprint as the next spec version", security: admin, parameters: [fleetParam], requestBody: body(json(captureSchema)), responses: { "201": ok("The new version"), ...errors(400, 401, 404) } },
      },
      "/hosts": {
        get: {
          summary: "Hosts with drift count and snowflake score",
          parameters: ["fleet", "drifted", "snowflake", "q"].map((name) => ({ name, in: "query", required: false, schema: { type: "string" } })),
          responses: { "200": ok("Hosts"), ...errors(400) },
        },
      },
      "/hosts/{hostname}": { get: { summary: "Host detail: drift, snowflake, history, OS facts", parameters: hostParams, responses: { "200": ok("Host"), ...errors(404, 409) } } },
      "/hosts/{hostname}/drift": {
        get: {
          summary: "Drift items against the fleet spec",
          parameters: hostParams,
          responses: { "200": ok("Drift", { type: "object", properties: { items: { type: "array", items: { $ref: "#/components/schemas/DriftItem" } } } }), ...errors(404, 409) },
        },
      },
      "/hosts/{hostname}/snowflake": { get: { summary: "Snowflake score and reasons against the fleet's consensus", parameters: hostParams, responses: { "200": ok("Score"), ...errors(404, 409) } } },
      "/hosts/{hostname}/diff": {
        get: {
          summary: "Side-by-side rows against the spec (against=spec) or another host (against=host:<name>[@fleet])",
          parameters: [...hostParams, { name: "against", in: "query", schema: { type: "string" } }],
          responses: { "200": ok("Rows"), ...errors(400, 404, 409) },
        },
      },
    },
  };
}

import "server-only";
// The OpenAPI 3.1 document of /api/v1. Request schemas come from the same zod schemas the routes validate
// with, so the document cannot drift from the code.
import { z } from "zod";
import { agentReportSchema } from "@/lib/core/parse-report";
import { FLAG_VALUES } from "@/lib/core/query-flag";
import { PEOPLE_SECURITY, pathsFromRoutes } from "./openapi-paths";
import { rebuildPaths } from "./openapi-rebuilds";
import { driftExportSchema, exportPaths } from "./openapi-exports";
import { alertPaths } from "./openapi-alerts";
import { hostDriftPaths } from "./openapi-drift-dates";
import { historyPaths } from "./openapi-history";
import { fleetDriftPaths } from "./openapi-fleet-drift";
import { inputLimitErrors } from "./openapi-limits";
import { signInPaths } from "./openapi-auth";
import { policyPaths } from "./openapi-policy";
import { reportingPaths } from "./openapi-reporting";
import { METRICS_TOKEN_SCHEME, operatePaths } from "./openapi-operate";
import { specEditPaths } from "./openapi-spec-edit";
import { imagePaths } from "./openapi-images";
import { contentPaths, wantContentProperty } from "./openapi-contents";
import { collectorErrorComponent, hostDetailSchema } from "./openapi-collector-errors";
import { backupPaths } from "./openapi-backup";
import { importPaths } from "./openapi-imports";
import { deleteHostOperation, ENROLL_SUMMARY, hostKeyPaths, revokeSecretOperation } from "./openapi-hosts";
import { captureSchema, checkinSchema, createFleetSchema, createTokenSchema, createUserSchema, enrollSchema, updateUserSchema } from "./validate";

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
const error = { $ref: "#/components/schemas/Error" };
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), { description: ERROR_TEXT[c], content: { "application/json": { schema: error } } }]));
const ERROR_TEXT: Record<number, string> = {
  400: "Malformed input; the message names the field",
  401: "Not signed in, or the token is unknown, revoked, or its user disabled",
  403: "Signed in, but the role is too low (the message names the role needed)",
  404: "No such fleet or host",
  409: "Conflict (duplicate name, or an ambiguous hostname: add ?fleet=)",
  413: "Body too large",
  503: "Busy: too many reports at once; retry after the Retry-After header's seconds (plus jitter)",
  415: "Unsupported Content-Encoding",
};
const body = (schema: unknown) => ({ required: true, content: { "application/json": { schema } } });
const ok = (description: string, schema: unknown = { type: "object" }) => ({ description, content: { "application/json": { schema } } });
const fleetParam = { name: "name", in: "path", required: true, schema: { type: "string" } };
const hostParams = [
  { name: "hostname", in: "path", required: true, schema: { type: "string" } },
  { name: "fleet", in: "query", required: false, schema: { type: "string" }, description: "Needed only when two fleets share the hostname" },
];
// Every /api/v1 operation takes a browser session or a personal API token unless it says otherwise; the
// x-required-role extension names the least role that may call it (roles add up: viewer < operator < approver < admin);
// both come from API_ROUTES (openapi-paths.ts).

export function openApiDocument(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Fleetprint API",
      version: "1",
      description:
        "Collect package and config fingerprints from servers; read drift (host vs fleet spec) and snowflakes (host vs its peers). " +
        "Errors are JSON {error:{code,message}}. People sign in in the browser (session cookie); scripts send a personal API token " +
        "(Authorization: Bearer fpt_…, made at /settings/tokens or POST /tokens) that acts with its owner's role. Agents use their host key. " +
        "The bootstrap admin token (FLEETPRINT_ADMIN_TOKEN) only creates users, and only while no active admin exists.",
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
    security: PEOPLE_SECURITY,
    components: {
      securitySchemes: {
        sessionCookie: { type: "apiKey", in: "cookie", name: "fleetprint.session_token", description: "Set by signing in at /sign-in" },
        apiToken: { type: "http", scheme: "bearer", description: "A personal API token (fpt_…): acts with its owner's current role" },
        bootstrapToken: { type: "http", scheme: "bearer", description: "FLEETPRINT_ADMIN_TOKEN: accepted only by POST /users, and only while no active admin exists" },
        hostKey: { type: "http", scheme: "bearer", description: "The host key returned by /enroll" },
        metricsToken: METRICS_TOKEN_SCHEME,
        webhookSignature: {
          type: "apiKey",
          in: "header",
          name: "X-Fleetprint-Signature",
          description: 'sha256=<hex HMAC-SHA256 of "<X-Fleetprint-Timestamp>.<body>"> with the secret named by the fleet provider\'s secretEnv',
        },
      },
      schemas: {
        Error: { type: "object", properties: { error: { type: "object", properties: { code: { type: "string" }, message: { type: "string" } } } } },
        AgentReport: json(agentReportSchema),
        CollectorError: collectorErrorComponent,
        DriftItem: {
          type: "object",
          properties: {
            kind: { enum: ["package-missing", "package-extra", "package-version", "config-changed", "config-missing", "config-unexpected"] },
            subject: { type: "string" },
            expected: { type: ["string", "null"] },
            actual: { type: ["string", "null"] },
            explain: { type: "string" },
            direction: {
              enum: ["behind", "ahead"],
              description:
                "package-version only, when known: the host's version is older (behind) or newer (ahead) than the spec's in its package manager's order (dpkg, rpm, apk). A rebuild from spec downgrades what is ahead",
            },
          },
        },
        DriftExport: driftExportSchema,
      },
    },
    paths: pathsFromRoutes(serverUrl, {
      "/agent.sh": {
        get: {
          summary: "The agent (POSIX sh), served as-is: curl -fsSL <server>/agent.sh | sh -s -- --server <server> --secret <enroll secret>",
          responses: { "200": { description: "The script", content: { "text/x-shellscript": { schema: { type: "string" } } } } },
        },
      },
      "/openapi.json": { get: { summary: "This document", responses: { "200": ok("OpenAPI 3.1") } } },
      "/enroll": {
        post: {
          summary: ENROLL_SUMMARY,
          requestBody: body(json(enrollSchema)),
          responses: { "201": ok("The host key (shown once)", { type: "object", properties: { hostId: { type: "integer" }, hostKey: { type: "string" } } }), ...errors(400, 401, 409, 413, 503), ...inputLimitErrors("/api/v1/enroll", "hostname and machineId") },
        },
      },
      "/checkin": {
        post: {
          summary:
            "Check-in before a report: the digest of the report (per host: X-Fleetprint-Digest) and its content digest (the sha256 of the " +
            "report body after its first line, which holds only the per-host fields: the same on every host with this content). " +
            '"unchanged": this host\'s last accepted report had this digest; nothing else to send, last_seen is recorded (written behind, within a second). ' +
            '"accepted": another host\'s checked report had this content; this host now carries that fingerprint (history, drift, alerts as for a report). ' +
            '"report-needed": send the full report.',
          requestBody: body(json(checkinSchema)),
          responses: {
            "200": ok("What to do next", { type: "object", properties: { status: { enum: ["unchanged", "accepted", "report-needed"] }, wantContent: wantContentProperty } }),
            ...errors(400, 401, 413, 503),
            ...inputLimitErrors("/api/v1/checkin", "the digest"),
          },
        },
      },
      "/fingerprints": {
        post: {
          summary:
            "Send a report (JSON, optionally Content-Encoding: gzip; 16 MiB max). Optional header X-Fleetprint-Digest: the agent's digest of " +
            "this report (16-128 of A-Z a-z 0-9 : _ -), kept so the next POST /checkin can be answered without a body. When the server is busy " +
            "it answers 503 with Retry-After (seconds) at once: wait that long plus jitter and send again.",
          parameters: [
            { name: "X-Fleetprint-Digest", in: "header", required: false, schema: { type: "string" } },
            {
              name: "X-Fleetprint-Content-Digest",
              in: "header",
              required: false,
              schema: { type: "string", pattern: "^[0-9a-f]{64}$" },
              description:
                "sha256 of the (uncompressed) body after its first line; the first line must open the report object and hold only schema, " +
                "agentVersion, hostname, machineId, collectedAt and collectorErrors (a report with collectorErrors names no content: the claim is ignored). Checked against the body (400 when it does not match); then other hosts " +
                "with this content are answered \"accepted\" at check-in. Without the header, a body laid out this way names the digest the server " +
                "computes from it. When that digest names the fingerprint the host already carries, only the first line is read (it must still be " +
                "valid); a body that repeats a per-host field after the first line with another value is read in full and names no content",
            },
          ],
          requestBody: body({ $ref: "#/components/schemas/AgentReport" }),
          responses: {
            "202": ok("Stored (once per distinct content)", { type: "object", properties: { hostId: { type: "integer" }, fingerprint: { type: "string" }, changed: { type: "boolean" }, wantContent: wantContentProperty } }),
            ...errors(400, 401, 413, 415, 503),
            ...inputLimitErrors("/api/v1/fingerprints", "config paths, symlink targets, package names, versions and arches, the hostname, machineId and OS facts"),
          },
        },
      },
      "/fleets": {
        get: { summary: "Fleets with hosts, conforming hosts, snowflakes, distinct fingerprints, spec version, notReporting (hosts past the reporting interval; they still count in conforming by their last fingerprint)", responses: { "200": ok("Fleets"), ...errors(401) } },
        post: { summary: "Create a fleet", requestBody: body(json(createFleetSchema)), responses: { "201": ok("Created"), ...errors(400, 401, 403, 409) } },
      },
      "/fleets/{name}/enroll-secrets": {
        post: { summary: "Create an enroll secret (shown once)", parameters: [fleetParam], responses: { "201": ok("The secret"), ...errors(401, 403, 404) } },
      },
      "/fleets/{name}/enroll-secrets/{id}": { delete: revokeSecretOperation({ errors, fleetParam }) },
      "/fleets/{name}/spec": {
        get: {
          summary: "The current (or ?version=) spec; Accept: application/yaml for the YAML text",
          parameters: [fleetParam, { name: "version", in: "query", schema: { type: "integer" } }],
          responses: { "200": ok("Spec"), ...errors(400, 401, 404) },
        },
        put: {
          summary: "Save a new spec version (YAML or JSON body)",
          parameters: [fleetParam],
          requestBody: { required: true, content: { "application/yaml": { schema: { type: "string" } }, "application/json": { schema: { type: "object" } } } },
          responses: { "201": ok("The new version", { type: "object", properties: { version: { type: "integer" } } }), ...errors(400, 401, 403, 404, 413) },
        },
      },
      "/fleets/{name}/spec/capture": {
        post: {
          summary: "Capture a golden host's fingerprint as the next spec version",
          parameters: [fleetParam],
          requestBody: body(json(captureSchema)),
          responses: { "201": ok("The new version"), ...errors(400, 401, 403, 404) },
        },
      },
      // "/hosts": openapi-reporting.ts (with the reporting status and filter)
      "/hosts/{hostname}": {
        get: { summary: "Host detail: drift, snowflake, history, OS facts, collector errors", parameters: hostParams, responses: { "200": ok("Host", hostDetailSchema), ...errors(401, 404, 409) } },
        delete: deleteHostOperation({ errors, hostParams }),
      },
      ...hostKeyPaths({ errors, hostParams }),
      ...hostDriftPaths({ errors, hostParams }),
      "/hosts/{hostname}/snowflake": {
        get: { summary: "Snowflake score and reasons against the fleet's consensus", parameters: hostParams, responses: { "200": ok("Score"), ...errors(401, 404, 409) } },
      },
      "/hosts/{hostname}/diff": {
        get: {
          summary:
            "Side-by-side rows against the spec (against=spec), another host (against=host:<name>[@fleet]) or two points of the host's history " +
            "(from=&to=: fingerprint hashes or history entry ids), with a change summary. format=csv|json|md downloads the rows the diff page shows " +
            "(differences only unless all=1, narrowed by status and q) as fleetprint-diff-<host>-vs-<other>-<day>.<ext>",
          parameters: [
            ...hostParams,
            { name: "against", in: "query", schema: { type: "string" } },
            { name: "from", in: "query", schema: { type: "string" }, description: "With to: a fingerprint hash this host had, or a history entry id" },
            { name: "to", in: "query", schema: { type: "string" } },
            { name: "format", in: "query", schema: { enum: ["csv", "json", "md"] }, description: "A download instead of the JSON rows" },
            { name: "all", in: "query", schema: { enum: [...FLAG_VALUES] }, description: "With format: include equal and ignored rows" },
            { name: "status", in: "query", schema: { enum: ["differs", "only-left", "only-right", "same", "ignored"] } },
            { name: "q", in: "query", schema: { type: "string" }, description: "With format: key or section contains" },
          ],
          responses: {
            "200": {
              description: "Rows and summary; with format, an attachment (CSV: UTF-8 with BOM, RFC 4180, formula-looking cells prefixed with ')",
              content: {
                "application/json": { schema: { type: "object" } },
                "text/csv": { schema: { type: "string" } },
                "text/markdown": { schema: { type: "string" } },
              },
            },
            ...errors(400, 401, 404, 409),
          },
        },
      },
      ...exportPaths({ errors }),
      ...historyPaths({ errors, hostParams, fleetParam }),
      ...fleetDriftPaths({ errors }),
      ...peoplePaths(),
      ...alertPaths({ errors }),
      ...signInPaths(),
      ...policyPaths({ errors }),
      ...specEditPaths({ errors }),
      ...imagePaths({ errors }),
      ...contentPaths({ errors, hostParams }),
      ...importPaths({ errors }),
      ...rebuildPaths({ errors }),
      ...reportingPaths({ errors }),
      ...operatePaths({ errors }),
      ...backupPaths({ errors }),
    }),
  };
}

const tokenShape = { type: "object", properties: { id: { type: "integer" }, name: { type: "string" }, prefix: { type: "string" }, createdAt: { type: "string" }, lastUsedAt: { type: ["string", "null"] } } };
const userShape = { type: "object", properties: { id: { type: "string" }, email: { type: "string" }, name: { type: "string" }, role: { enum: ["viewer", "operator", "approver", "admin"] }, disabled: { type: "boolean" } } };

function peoplePaths() {
  return {
    "/tokens": {
      get: { summary: "Your active API tokens (never their secrets)", responses: { "200": ok("Tokens", { type: "object", properties: { tokens: { type: "array", items: tokenShape } } }), ...errors(401) } },
      post: {
        summary: "Create an API token for yourself from a signed-in session; the token is in this response only (stored as its sha256). A request authenticated by an API token gets 403: tokens cannot mint tokens",
        requestBody: body(json(createTokenSchema)),
        responses: { "201": ok("The token", { type: "object", properties: { id: { type: "integer" }, token: { type: "string" } } }), ...errors(400, 401, 403) },
      },
    },
    "/tokens/{id}": {
      delete: {
        summary: "Revoke one of your tokens (admins: anyone's); it stops working at once",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
        responses: { "200": ok("Revoked"), ...errors(400, 401, 404) },
      },
    },
    "/users": {
      get: { summary: "All users", responses: { "200": ok("Users", { type: "object", properties: { users: { type: "array", items: userShape } } }), ...errors(401, 403) } },
      post: {
        summary:
          "Create a user (sign-up is closed). The bootstrap admin token is accepted here, and only here, to make the first admin: " +
          "once an active admin exists it is answered 403 (sign in as that admin and create users at /admin/users, or use an admin's API token)",
        requestBody: body(json(createUserSchema)),
        responses: {
          "201": ok("The user", userShape),
          ...errors(400, 401, 403, 409),
          "403": { description: "Role too low, or the bootstrap admin token after an admin exists", content: { "application/json": { schema: error } } },
        },
      },
    },
    "/users/{id}": {
      patch: {
        summary: "Change a user's role and/or disable them (signs them out, stops their tokens). The last active admin cannot be demoted or disabled",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        requestBody: body(json(updateUserSchema)),
        responses: { "200": ok("The user", userShape), ...errors(400, 401, 403, 404, 409) },
      },
    },
  };
}

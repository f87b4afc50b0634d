import "server-only";
// Rebuilds (four eyes, rollout, verification), the provider's signed callback and the audit log in the OpenAPI
// document. Request schemas are the zod schemas the routes parse with.
import { z } from "zod";
import { HOST_STATUSES, REQUEST_STATUSES } from "@/model/rebuild-status";
import { approveSchema, callbackSchema, createRebuildSchema, dispatchedSchema, rejectSchema } from "./rebuild-schemas";

type Errors = (...codes: number[]) => Record<string, unknown>;

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
const ok = (description: string, schema: unknown) => ({ description, content: { "application/json": { schema } } });
const body = (schema: unknown, required = true) => ({ required, content: { "application/json": { schema } } });
const idParam = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const iso = { type: "string", format: "date-time" };
const isoOrNull = { type: ["string", "null"], format: "date-time" };
const textOrNull = { type: ["string", "null"] };
const HIDDEN = "receiver's answers (provider messages and logs) are shown to admins only; others see the status and HTTP code";

const summaryShape = {
  id: { type: "string", format: "uuid" },
  fleet: { type: "string" },
  specVersion: { type: "integer", description: "The spec version the request is bound to" },
  reason: { type: "string" },
  requestedBy: { type: "string" },
  requestedById: { type: "string" },
  status: { enum: [...REQUEST_STATUSES] },
  approvalsRequired: { type: "integer" },
  createdAt: iso,
  expiresAt: iso,
  updatedAt: iso,
  finishedAt: isoOrNull,
  message: textOrNull,
  downgrades: {
    type: "array",
    description: "Packages this rebuild moves backwards (hosts ahead of the spec). Requesting it needs confirmDowngrades: true; so does each approval",
    items: { type: "object", properties: { hostname: { type: "string" }, subject: { type: "string" }, from: { type: "string" }, to: { type: "string" } } },
  },
};
const listed = {
  type: "object",
  properties: {
    ...summaryShape,
    hosts: { type: "array", items: { type: "object", properties: { hostname: { type: "string" }, status: { enum: [...HOST_STATUSES] } } } },
    approvals: { type: "array", items: { type: "object", properties: { user: { type: "string" }, decision: { enum: ["approve", "reject"] } } } },
  },
};
const detail = {
  type: "object",
  properties: {
    ...summaryShape,
    approvals: {
      type: "array",
      items: { type: "object", properties: { user: { type: "string" }, userId: { type: "string" }, decision: { enum: ["approve", "reject"] }, comment: textOrNull, at: iso } },
    },
    hosts: {
      type: "array",
      items: {
        type: "object",
        properties: {
          hostname: { type: "string" },
          batch: { type: "integer", description: "0 is the canary when the policy asks for one" },
          status: { enum: [...HOST_STATUSES] },
          fingerprintAtRequest: textOrNull,
          startedAt: isoOrNull,
          providerDoneAt: isoOrNull,
          verifyBy: { ...isoOrNull, description: "The host's next report must match the spec before this" },
          finishedAt: isoOrNull,
          externalId: { ...textOrNull, description: "The provider's id for the action (a droplet action, a Heroku build, a pipeline)" },
          message: textOrNull,
          remainingDrift: { type: ["integer", "null"], description: "Drift items left when verification failed" },
          log: { ...textOrNull, description: "The provider's log; values of the server's secrets are blanked ([redacted NAME])" },
          attemptCount: { type: "integer", description: "Provider calls made for this host; the fleet's rebuildAttempts is the most" },
          nextAttemptAt: { ...isoOrNull, description: "A transient failure (429, 5xx, timeout, a busy droplet) is tried again then" },
          attempts: {
            type: "array",
            description: "Each provider call (kind call) or the following of a remote job an earlier call started (kind resume, after a restart)",
            items: {
              type: "object",
              properties: {
                attempt: { type: "integer" },
                kind: { enum: ["call", "resume"] },
                startedAt: iso,
                finishedAt: isoOrNull,
                outcome: { enum: ["succeeded", "waiting-callback", "failed", "retrying", "interrupted", null], description: "null while it runs; interrupted: the app stopped during it" },
                message: textOrNull,
                externalId: textOrNull,
                retryAt: isoOrNull,
              },
            },
          },
        },
      },
    },
  },
};
const decided = (status: string[]) => ok("The request's status after this decision", { type: "object", properties: { status: { enum: status } } });

export function rebuildPaths({ errors }: { errors: Errors }) {
  return {
    "/rebuilds": {
      get: {
        summary: `Rebuild requests, newest first, with their hosts' status and the decisions so far (${HIDDEN})`,
        parameters: [
          { name: "status", in: "query", required: false, schema: { type: "string" }, description: `Comma-separated: ${REQUEST_STATUSES.join(", ")}` },
          { name: "fleet", in: "query", required: false, schema: { type: "string" } },
          { name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 1000, default: 200 } },
        ],
        responses: { "200": ok("Requests", { type: "object", properties: { rebuilds: { type: "array", items: listed } } }), ...errors(400, 401) },
      },
      post: {
        summary:
          "Request a rebuild from spec of hosts of one fleet (add fleet when a hostname is in several). The request is bound to the fleet's " +
          "spec version and each host's current fingerprint; it waits for the policy's approvalsRequired distinct approvers (never the requester), " +
          "or is approved at once when the policy asks for none. 409 when a host is already in another open request (one rebuild at a time per host), or when the fleet has no spec",
        requestBody: body(json(createRebuildSchema)),
        responses: {
          "201": ok("The request", { type: "object", properties: { id: { type: "string", format: "uuid" }, status: { enum: ["pending", "approved"] } } }),
          ...errors(400, 401, 403, 404, 409, 413),
        },
      },
    },
    "/rebuilds/{id}": {
      get: {
        summary: `One request: decisions, per-host progress (batch, provider action, verification deadline, remaining drift) and the provider log (${HIDDEN})`,
        parameters: [idParam],
        responses: { "200": ok("The request", detail), ...errors(401, 404) },
      },
    },
    "/rebuilds/{id}/approve": {
      post: {
        summary:
          "Approve (optional comment). status approved once enough distinct approvers agreed, else still pending. The requester cannot approve. " +
          "409 with status stale when the spec or a host's fingerprint changed since the request (the message says which), or when the request " +
          "is already decided or expired",
        parameters: [idParam],
        requestBody: body(json(approveSchema), false),
        responses: { "200": decided(["approved", "pending"]), ...errors(400, 401, 403, 404, 409) },
      },
    },
    "/rebuilds/{id}/reject": {
      post: {
        summary: "Reject with a reason (at least 3 characters); the request ends. 409 when already decided or expired",
        parameters: [idParam],
        requestBody: body(json(rejectSchema)),
        responses: { "200": decided(["rejected"]), ...errors(400, 401, 403, 404, 409) },
      },
    },
    "/rebuilds/{id}/cancel": {
      post: {
        summary: "Cancel a request that has not finished: hosts not yet handed to the provider are skipped. Its requester or an admin. 409 once finished",
        parameters: [idParam],
        responses: { "200": decided(["cancelled"]), ...errors(401, 403, 404, 409) },
      },
    },
    "/rebuilds/dispatched": {
      post: {
        summary:
          "For a CI pipeline triggered without variables (a GitLab webhook provider with \"variables\": false, for projects that forbid setting " +
          "pipeline variables): the hosts this fleet's pipeline was triggered for and that have not reported yet, each with its callback URL. " +
          "pipelineId (the pipeline's CI_PIPELINE_ID) narrows it to that pipeline's host. Signed like the callback, with the fleet's webhook secret",
        parameters: [
          { name: "X-Fleetprint-Timestamp", in: "header", required: true, schema: { type: "string" } },
          { name: "X-Fleetprint-Signature", in: "header", required: true, schema: { type: "string" } },
        ],
        requestBody: body(json(dispatchedSchema)),
        responses: {
          "200": ok("Work dispatched to the pipeline", {
            type: "object",
            properties: {
              dispatches: {
                type: "array",
                items: {
                  type: "object",
                  properties: {
                    requestId: { type: "string" },
                    hostname: { type: "string" },
                    fleet: { type: "string" },
                    providerRef: textOrNull,
                    specVersion: { type: "integer" },
                    pipelineId: { type: "string" },
                    startedAt: isoOrNull,
                    callbackUrl: { type: "string", description: "POST the host's outcome here (signed), as for pipelines that got variables" },
                  },
                },
              },
            },
          }),
          ...errors(400, 401, 404, 413),
        },
      },
    },
    "/rebuilds/{id}/callback": {
      post: {
        summary:
          "A webhook provider's pipeline reports one host's outcome. Signed: X-Fleetprint-Timestamp (unix seconds, within 5 minutes) and " +
          'X-Fleetprint-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the secret in the fleet provider\'s secretEnv>. ' +
          "succeeded: the host is verified by its next report within verifyMinutes; failed: the host fails and the rollout stops. " +
          "409 when the host is not waiting for a callback",
        parameters: [
          idParam,
          { name: "X-Fleetprint-Timestamp", in: "header", required: true, schema: { type: "string" } },
          { name: "X-Fleetprint-Signature", in: "header", required: true, schema: { type: "string" } },
        ],
        requestBody: body(json(callbackSchema)),
        responses: { "200": ok("The host's new status", { type: "object", properties: { status: { enum: ["verifying", "failed"] } } }), ...errors(400, 401, 404, 409, 413) },
      },
    },
    "/audit": {
      get: {
        summary:
          "The audit log (append-only), newest first: who did what to which subject, from which address. Page with before=<next> from the last answer",
        parameters: [
          { name: "actor", in: "query", schema: { type: "string" }, description: "Exact actor (case-insensitive)" },
          { name: "action", in: "query", schema: { type: "string" }, description: "Action prefix, e.g. rebuild." },
          { name: "q", in: "query", schema: { type: "string" }, description: "Subject or actor contains" },
          { name: "since", in: "query", schema: iso },
          { name: "before", in: "query", schema: { type: "integer" }, description: "Entries with a smaller id (the previous answer's next)" },
          { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 1000, default: 200 } },
        ],
        responses: {
          "200": ok("Entries", {
            type: "object",
            properties: {
              entries: {
                type: "array",
                items: { type: "object", properties: { id: { type: "integer" }, at: iso, actor: { type: "string" }, action: { type: "string" }, subject: textOrNull, detail: {}, ip: textOrNull } },
              },
              next: { type: ["integer", "null"] },
            },
          }),
          ...errors(400, 401, 403),
        },
      },
    },
  };
}

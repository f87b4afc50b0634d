import "server-only";
// The rebuild policy routes in the OpenAPI document: the policy itself and the pending changes that wait for a
// second admin (four eyes on the policy).
import { z } from "zod";
import { policySchema } from "@/lib/services/set-fleet-policy";
import { POLICY_CHANGE_STATUSES } from "@/model/policy-change-status";

type Errors = (...codes: number[]) => Record<string, unknown>;

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
const ok = (description: string, schema: unknown) => ({ description, content: { "application/json": { schema } } });
const fleetParam = { name: "name", in: "path", required: true, schema: { type: "string" } };
const idParam = { name: "id", in: "path", required: true, schema: { type: "integer" } };
const person = { type: "object", properties: { id: { type: "string" }, name: { type: "string" } } };

const policyShape = json(policySchema);
const changeShape = {
  type: "object",
  properties: {
    id: { type: "integer" },
    fleet: { type: "string" },
    status: { enum: [...POLICY_CHANGE_STATUSES] },
    change: { ...policyShape, description: "The fields this change sets" },
    lines: { type: "array", items: { type: "string" }, description: "The change in words, one line per field" },
    requestedBy: person,
    requestedAt: { type: "string", format: "date-time" },
    decidedBy: { oneOf: [person, { type: "null" }] },
    decidedAt: { type: ["string", "null"], format: "date-time" },
    appliedAtOnce: { type: "boolean", description: "A harmless change its requester applied directly (kept as the policy's history)" },
  },
};

export function policyPaths({ errors }: { errors: Errors }) {
  return {
    "/fleets/{name}/policy": {
      get: { summary: "The fleet's rebuild policy", parameters: [fleetParam], responses: { "200": ok("Policy", policyShape), ...errors(401, 404) } },
      put: {
        summary:
          "Change the rebuild policy (any subset of fields). Changes that only narrow or tune a rollout (batch size, canary, deadlines, more " +
          "approvals, automatic rebuilds off, provider null) apply at once: 200 with the policy. A new rebuild provider, turning automatic " +
          "rebuilds on, or fewer approvals waits for a second admin: 202 with the pending change (the harmless part of the same request " +
          "applies at once). A newer pending change supersedes older ones.",
        parameters: [fleetParam],
        requestBody: { required: true, content: { "application/json": { schema: policyShape } } },
        responses: {
          "200": ok("Applied: the policy in effect", policyShape),
          "202": ok("Waiting for a second admin", {
            type: "object",
            properties: { status: { const: "pending" }, message: { type: "string" }, pending: changeShape, policy: policyShape },
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    "/fleets/{name}/policy-changes": {
      get: {
        summary: "Pending policy changes (oldest first) and the latest decided ones",
        parameters: [fleetParam],
        responses: { "200": ok("Changes", { type: "object", properties: { pending: { type: "array", items: changeShape }, recent: { type: "array", items: changeShape } } }), ...errors(401, 404) },
      },
    },
    "/fleets/{name}/policy-changes/{id}/approve": {
      post: {
        summary: "Approve and apply a pending policy change. Only an admin other than the requester may (403 for the requester, saying so when the deployment has only one admin); 409 once decided or superseded",
        parameters: [fleetParam, idParam],
        responses: { "200": ok("Applied", { type: "object", properties: { change: changeShape, policy: policyShape } }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    "/fleets/{name}/policy-changes/{id}/reject": {
      post: {
        summary: "Reject a pending policy change (any admin; the requester withdraws it); nothing is applied. 409 once decided or superseded",
        parameters: [fleetParam, idParam],
        requestBody: { required: false, content: { "application/json": { schema: { type: "object", properties: { comment: { type: "string", maxLength: 2000 } } } } } },
        responses: { "200": ok("Rejected", { type: "object", properties: { change: changeShape } }), ...errors(400, 401, 403, 404, 409) },
      },
    },
  };
}

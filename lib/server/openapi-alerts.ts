import "server-only";
// The alert routes in the OpenAPI document (kept beside openapi.ts so the alert contract sits in one place).
import { z } from "zod";
import { ALERT_KINDS, DELIVERY_STATUSES } from "@/lib/core/alert-kinds";
import { createChannelSchema, updateChannelSchema } from "./alert-schemas";

type Errors = (...codes: number[]) => Record<string, unknown>;

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
const body = (schema: unknown) => ({ required: true, content: { "application/json": { schema } } });
const ok = (description: string, schema: unknown) => ({ description, content: { "application/json": { schema } } });
const nullable = (type: string) => ({ type: [type, "null"] });
const fleetParam = { name: "name", in: "path", required: true, schema: { type: "string" } };
const idParam = { name: "id", in: "path", required: true, schema: { type: "integer" } };

const channelShape = {
  type: "object",
  properties: {
    id: { type: "integer" },
    name: { type: "string" },
    kind: { enum: ["generic", "slack"] },
    url: nullable("string"),
    urlEnv: { ...nullable("string"), description: "Environment variable holding the URL (Slack webhook URLs are secrets)" },
    secretEnv: { ...nullable("string"), description: "Environment variable holding the HMAC key for X-Fleetprint-Signature" },
    events: { type: "array", items: { enum: [...ALERT_KINDS] } },
    groupSeconds: { type: "integer", description: "Events of one window go out as one message" },
    enabled: { type: "boolean" },
    createdAt: { type: "string", format: "date-time" },
    updatedAt: { type: "string", format: "date-time" },
  },
};

/** What a save answers: the channel, and a warning per named environment variable not set on this server. */
const savedChannelShape = {
  ...channelShape,
  properties: {
    ...channelShape.properties,
    warnings: {
      type: "array",
      items: { type: "string" },
      description: "urlEnv/secretEnv named but unset (or empty) on the instance that answered: saved anyway (another instance may have it), but deliveries from here will fail",
    },
  },
};

const deliveryShape = {
  type: "object",
  properties: {
    id: { type: "integer" },
    channelId: { type: "integer" },
    channel: { type: "string" },
    test: { type: "boolean" },
    events: { type: "integer", description: "Events this message covers" },
    summary: { type: "string" },
    body: { type: "string", description: "Exactly what was (or will be) POSTed" },
    status: { enum: [...DELIVERY_STATUSES] },
    attempts: { type: "integer" },
    nextAttemptAt: { ...nullable("string"), description: "When pending: the next try (exponential backoff, or the receiver's Retry-After)" },
    lastAttemptAt: nullable("string"),
    lastStatus: { ...nullable("integer"), description: "HTTP status of the last attempt; null when there was no answer" },
    lastError: nullable("string"),
    deliveredAt: nullable("string"),
    createdAt: { type: "string", format: "date-time" },
  },
};

export function alertPaths({ errors }: { errors: Errors }) {
  return {
    "/fleets/{name}/alerts": {
      get: { summary: "The fleet's alert channels (webhooks: generic signed JSON, or Slack-compatible)", parameters: [fleetParam], responses: { "200": ok("Channels", { type: "object", properties: { channels: { type: "array", items: channelShape } } }), ...errors(401, 404) } },
      post: {
        summary: "Add an alert channel: host started drifting, new snowflake, rebuild needs approval, rebuild failed; grouped per groupSeconds window",
        parameters: [fleetParam],
        requestBody: body(json(createChannelSchema)),
        responses: { "201": ok("The channel", savedChannelShape), ...errors(400, 401, 403, 404, 409) },
      },
    },
    "/fleets/{name}/alerts/{id}": {
      patch: {
        summary: "Change a channel (only the fields sent); disabling drops what waits to be sent",
        parameters: [fleetParam, idParam],
        requestBody: body(json(updateChannelSchema)),
        responses: { "200": ok("The channel", savedChannelShape), ...errors(400, 401, 403, 404, 409) },
      },
      delete: { summary: "Delete a channel and its delivery log", parameters: [fleetParam, idParam], responses: { "200": ok("Deleted", { type: "object" }), ...errors(400, 401, 403, 404) } },
    },
    "/fleets/{name}/alerts/{id}/test": {
      post: {
        summary: "Send a test message now (one attempt); 200 with the delivery whatever the receiver answered",
        parameters: [fleetParam, idParam],
        responses: { "200": ok("The outcome", { type: "object", properties: { ok: { type: "boolean" }, delivery: deliveryShape } }), ...errors(400, 401, 403, 404) },
      },
    },
    "/fleets/{name}/alerts/deliveries": {
      get: {
        summary: "The delivery log, newest first",
        parameters: [
          fleetParam,
          { name: "status", in: "query", schema: { enum: [...DELIVERY_STATUSES] } },
          { name: "channel", in: "query", schema: { type: "integer" } },
          { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 500, default: 100 } },
        ],
        responses: { "200": ok("Deliveries", { type: "object", properties: { deliveries: { type: "array", items: deliveryShape } } }), ...errors(400, 401, 404) },
      },
    },
  };
}

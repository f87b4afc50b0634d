import "server-only";
// Issue 11 "operate it" in the OpenAPI document: health for load balancers, metrics for Prometheus (README "Operate").
type Errors = (...codes: number[]) => Record<string, unknown>;

export const METRICS_TOKEN_SCHEME = {
  type: "http",
  scheme: "bearer",
  description: "FLEETPRINT_METRICS_TOKEN. Without it set, GET /metrics answers 404 on the app's port (FLEETPRINT_METRICS_PORT serves it on a port of its own)",
};

const upDown = (description: string) => ({
  description,
  content: { "application/json": { schema: { type: "object", properties: { status: { enum: ["ok", "unavailable"] } }, required: ["status"], additionalProperties: false } } },
});

export function operatePaths({ errors }: { errors: Errors }) {
  return {
    "/api/healthz": {
      get: { summary: "Liveness: the process answers (no database). No credentials; the body says only up", responses: { "200": upDown('{"status":"ok"}') } },
    },
    "/api/readyz": {
      get: {
        summary:
          "Readiness: the database answers a trivial query within 2 s, this build's migrations are applied, and the rebuild worker runs (or FLEETPRINT_WORKER=0). " +
          "No credentials; the body says only up or down (the reason is logged at warn, once per change)",
        responses: { "200": upDown('{"status":"ok"}'), "503": upDown('{"status":"unavailable"}') },
      },
    },
    "/metrics": {
      get: {
        summary:
          "Prometheus metrics of this instance (text exposition format): ingest requests by outcome, latency and report size histograms, enrolments, " +
          "rebuild job outcomes per provider and queue depth, alert deliveries, per-fleet gauges read at scrape time, and the Node.js process. " +
          "Each instance exposes its own; 404 unless FLEETPRINT_METRICS_TOKEN is set",
        responses: {
          "200": { description: "The metrics", content: { "text/plain; version=0.0.4; charset=utf-8": { schema: { type: "string" } } } },
          ...errors(401, 404),
        },
      },
    },
  };
}

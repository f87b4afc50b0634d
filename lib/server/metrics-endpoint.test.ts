// The doors of /metrics; what it serves is tested over HTTP (tests/integration/observability.test.ts).
import { afterEach, describe, expect, it } from "vitest";
import { answerMetrics } from "./metrics-endpoint";

const saved = process.env.FLEETPRINT_METRICS_TOKEN;
afterEach(() => {
  if (saved === undefined) delete process.env.FLEETPRINT_METRICS_TOKEN;
  else process.env.FLEETPRINT_METRICS_TOKEN = saved;
});

describe("answerMetrics", () => {
  it("is not there on the app's port until a token is set", async () => {
    delete process.env.FLEETPRINT_METRICS_TOKEN;
    const a = await answerMetrics("Bearer anything", "app");
    expect(a.status).toBe(404);
    expect(JSON.parse(a.body).error.message).toMatch(/FLEETPRINT_METRICS_TOKEN/);
    process.env.FLEETPRINT_METRICS_TOKEN = "   ";
    expect((await answerMetrics(null, "app")).status).toBe(404);
  });

  it("asks for the token, as a bearer token, wherever it is set", async () => {
    process.env.FLEETPRINT_METRICS_TOKEN = "metrics-secret-0123";
    for (const where of ["app", "metrics-port"] as const) {
      for (const auth of [null, "Bearer metrics-secret-012", "metrics-secret-0123", "Basic metrics-secret-0123"]) {
        const a = await answerMetrics(auth, where);
        expect(a.status, `${where} ${auth}`).toBe(401);
        expect(a.headers["www-authenticate"]).toBe('Bearer realm="metrics"');
      }
    }
  });
});

import { expect, test } from "@playwright/test";

// playwright.config.ts runs in the runner and again in this worker: both must use the port the runner chose
// (FLEETPRINT_E2E_PORT, given or picked), or the worker would talk to a port no server listens on.
test("the worker drives the server on the port the runner chose", async ({ baseURL, request }) => {
  const port = process.env.FLEETPRINT_E2E_PORT;
  expect(port).toMatch(/^\d+$/);
  expect(baseURL).toBe(`http://127.0.0.1:${port}`);
  expect((await request.get("/api/healthz")).status()).toBe(200);
});

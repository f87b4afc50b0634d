import { expect, test } from "@playwright/test";
import { MUTABLE, SIGNED_OUT, STATE } from "./helpers";

// Pages stream a skeleton (loading.tsx) while their data loads. Once a skeleton is sent the status is 200
// whatever the page decides afterwards, so sign-in, role and existence are settled in layouts above each
// loading boundary: these checks fail if a boundary moves above its guard.
test.describe("loading states", () => {
  test.use({ storageState: STATE.viewer });

  // Whether the skeleton is flushed before the data depends on timing; that the page has a loading boundary
  // (its skeleton travels in the payload the browser keeps for navigations) does not.
  test("a data page has a loading boundary and its content, in one 200 response", async ({ request }) => {
    const pages = { "/": `fleet-card-${MUTABLE}`, [`/fleets/${MUTABLE}`]: "host-row", "/rebuilds": "fleet-filter" };
    for (const [path, content] of Object.entries(pages)) {
      const res = await request.get(path);
      expect(res.status(), path).toBe(200);
      const html = await res.text();
      expect(html, path).toMatch(/data-testid\\?"?[=:]\\?"page-loading/);
      expect(html, path).toContain(`data-testid="${content}"`);
    }
  });

  test("missing things are still 404 under a loading boundary", async ({ page }) => {
    for (const path of [
      "/fleets/no-such-fleet",
      "/fleets/no-such-fleet/spec",
      "/fleets/no-such-fleet/history",
      `/fleets/${MUTABLE}/hosts/no-such-host`,
      `/fleets/${MUTABLE}/hosts/no-such-host/diff`,
      "/rebuilds/no-such-request",
    ]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(404);
      await expect(page.getByTestId("not-found"), path).toBeVisible();
    }
  });

  test("a role too low is still 403", async ({ request }) => {
    for (const path of ["/audit", "/admin/users"]) {
      const res = await request.get(path);
      expect(res.status(), path).toBe(403);
      expect(await res.text(), path).not.toContain('data-testid="page-loading"');
    }
  });

  test.describe("signed out", () => {
    test.use({ storageState: SIGNED_OUT });
    test("is redirected to sign-in, not shown a skeleton", async ({ request }) => {
      for (const path of ["/", `/fleets/${MUTABLE}`, `/fleets/${MUTABLE}/spec`, "/rebuilds", "/settings/tokens"]) {
        const res = await request.get(path, { maxRedirects: 0 });
        expect(res.status(), path).toBe(307);
        expect(res.headers().location, path).toContain("/sign-in");
      }
    });
  });
});

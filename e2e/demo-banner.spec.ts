import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, MUTABLE, SIGNED_OUT } from "./helpers";

// The e2e server seeds the demo accounts, so every page says so, signed in or not, without giving the password.
test("every page carries the demo-data banner while demo accounts exist", async ({ page }) => {
  for (const path of ["/", `/fleets/${MUTABLE}`, "/settings/tokens"]) {
    await page.goto(path);
    const banner = page.getByTestId("demo-banner");
    await expect(banner).toBeVisible();
    await expect(banner).toContainText("for trying Fleetprint");
    await expect(banner).toContainText("demo-password");
    await expect(banner).not.toContainText(DEMO_PASSWORD);
  }
});

test.describe("signed out", () => {
  test.use({ storageState: SIGNED_OUT });
  test("the sign-in page shows it too", async ({ page }) => {
    await page.goto("/sign-in");
    await expect(page.getByTestId("demo-banner")).toContainText("admin@demo.fleetprint");
  });
});

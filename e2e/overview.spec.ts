import { expect, test } from "@playwright/test";
import { IMMUTABLE, MUTABLE, snap } from "./helpers";

test.describe("scorecard", () => {
  test("shows both demo fleets side by side with the strategy headline", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveTitle(/Scorecard/);
    await expect(page.getByTestId(`group-immutable`).getByTestId(`fleet-card-${IMMUTABLE}`)).toBeVisible();
    await expect(page.getByTestId(`group-mutable`).getByTestId(`fleet-card-${MUTABLE}`)).toBeVisible();

    const headline = page.getByTestId("headline");
    await expect(headline).toContainText(/immutable: \d+% conforming, [\d.]+ fingerprints\/100 hosts/);
    await expect(headline).toContainText(/mutable: \d+% conforming/);

    // The demo story: rebuilding from spec keeps the immutable fleet closer to its spec than patching in place.
    const pct = async (fleet: string) => Number((await page.getByTestId(`fleet-card-${fleet}`).getByTestId("conforming-pct").textContent())?.replace("%", ""));
    expect(await pct(IMMUTABLE)).toBeGreaterThan(await pct(MUTABLE));

    // Top nav links to each fleet.
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: MUTABLE })).toBeVisible();
    await expect(nav.getByRole("link", { name: IMMUTABLE })).toBeVisible();
  });

  test("renders the three charts as svg with one series per fleet", async ({ page }) => {
    await page.goto("/");
    for (const id of ["chart-conforming", "chart-distinct", "chart-histogram"]) {
      const card = page.getByTestId(id);
      await expect(card.locator("svg.recharts-surface").first()).toBeVisible();
    }
    // Other tests may add fleets to the shared server; the two demo fleets must each have their line.
    for (const id of ["chart-conforming", "chart-distinct"]) {
      const card = page.getByTestId(id);
      expect(await card.locator(".recharts-line-curve").count()).toBeGreaterThanOrEqual(2);
      await expect(card.locator(".recharts-legend-wrapper")).toContainText(`${MUTABLE} (mutable)`);
      await expect(card.locator(".recharts-legend-wrapper")).toContainText(`${IMMUTABLE} (immutable)`);
    }
    await expect(page.getByTestId("chart-histogram").locator(".recharts-bar-rectangle").first()).toBeVisible();
    await snap(page, "overview");
  });

  test("is usable on a phone", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/");
    await expect(page.getByTestId(`fleet-card-${MUTABLE}`)).toBeVisible();
    // Nothing may force horizontal scrolling of the whole page.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await snap(page, "overview-phone");
  });
});

import fs from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { IMMUTABLE, MUTABLE, snap } from "./helpers";

/** The most drifted snowflake of the mutable fleet: the host with the longest history. */
async function worstSnowflake(page: Page): Promise<string> {
  await page.goto(`/fleets/${MUTABLE}?snowflake=1&sort=drift&dir=desc`);
  const first = page.getByTestId("host-row").first();
  await expect(first).toBeVisible();
  return (await first.getAttribute("data-hostname"))!;
}

const CHARTS = ["conformingPct", "driftItems", "snowflakes", "distinctFingerprints"];

test.describe("fleet history", () => {
  test("charts the demo's daily trend with a marker per spec version, and the immutable fleet's converge times", async ({ page }) => {
    await page.goto(`/fleets/${IMMUTABLE}`);
    await page.getByTestId("fleet-history-link").click();
    await expect(page).toHaveURL(new RegExp(`/fleets/${IMMUTABLE}/history$`));
    await expect(page).toHaveTitle(new RegExp(`${IMMUTABLE} · history`));

    for (const key of CHARTS) {
      const card = page.getByTestId(`history-chart-${key}`);
      await expect(card.locator("svg.recharts-surface").first()).toBeVisible();
      // One line over the four months: a path with many segments, not a dot.
      const d = await card.locator(".recharts-line-curve").first().getAttribute("d");
      expect((d ?? "").split(/[LHV]/).length).toBeGreaterThan(10);
      // The demo saved five spec versions over 120 days, all inside the default 180-day window.
      expect(await card.locator(".recharts-reference-line").count()).toBe(5);
    }
    for (const v of ["v1", "v2", "v3", "v4", "v5"]) await expect(page.getByTestId("history-chart-conformingPct").locator("svg text").filter({ hasText: new RegExp(`^${v}$`) })).toHaveCount(1);

    const rows = page.getByTestId("converge").getByTestId("converge-row");
    await expect(rows).toHaveCount(5);
    // Rebuilt from each new image: v2–v4 converged within two days; v5 is waiting for iweb-07's failed rebuild.
    for (const v of [2, 3, 4]) {
      const row = page.locator(`[data-testid="converge-row"][data-version="${v}"]`);
      await expect(row).toHaveAttribute("data-converged", "1");
      await expect(row).toContainText(/\b1 d \d+ h\b|\b\d+ h\b/);
    }
    await expect(page.locator('[data-testid="converge-row"][data-version="5"]')).toContainText(/not yet \(\d+ of 24\)/);
    await snap(page, "fleet-history-immutable");

    // Another period is a URL.
    await page.getByTestId("history-range").getByRole("link", { name: "30 d" }).click();
    await expect(page).toHaveURL(/days=30/);
    await expect(page.getByTestId("history-latest")).toContainText("Last 30 days");
  });

  test("the mutable fleet never converges on its newer spec", async ({ page }) => {
    await page.goto(`/fleets/${MUTABLE}/history`);
    const latest = page.locator('[data-testid="converge-row"]').first();
    await expect(latest).toHaveAttribute("data-converged", "0");
    await expect(latest).toContainText(/not yet \(\d+ of \d+\)/);
    await expect(page.getByTestId("history-chart-driftItems").locator(".recharts-line-curve")).toHaveCount(1);
    await snap(page, "fleet-history-mutable");
  });

  test("the scorecard shows the time to converge per fleet", async ({ page }) => {
    await page.goto("/");
    const immutable = page.getByTestId(`converge-${IMMUTABLE}`);
    await expect(immutable.getByTestId("converge-row")).toHaveCount(3);
    await expect(immutable.locator('[data-converged="1"]')).toHaveCount(2);
    await expect(page.getByTestId(`converge-${MUTABLE}`).getByTestId("converge-row").first()).toContainText("not yet");
  });
});

test.describe("host history", () => {
  test("dates each drift item and compares any two points of the host's history", async ({ page }) => {
    const host = await worstSnowflake(page);
    await page.goto(`/fleets/${MUTABLE}/hosts/${host}`);
    await expect(page.getByTestId("drift-since").first()).toContainText(/^since \d{1,2} [A-Z][a-z]{2}( \d{4})?, (today|\d+ days?)$/);
    await expect(page.getByTestId("history").getByTestId("history-summary").first()).toContainText(/\d+ (package|config|OS fact)/);

    await page.getByTestId("compare-history").click();
    await expect(page).toHaveURL(/\/diff\?from=[0-9a-f]{64}&to=[0-9a-f]{64}$/);
    const summary = page.getByTestId("diff-summary");
    await expect(summary).toContainText(/\d+ packages? (upgraded|added|removed|changed)/);
    const whole = await summary.textContent();

    // Narrow down: from the second point to the third, picked in the form.
    const from = page.getByTestId("history-from");
    const options = await from.locator("option").evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    expect(options.length).toBeGreaterThanOrEqual(3);
    await from.selectOption(options[1]);
    await page.getByTestId("history-to").selectOption(options[2]);
    await page.getByTestId("history-compare").click();
    await expect(page).toHaveURL(new RegExp(`from=${options[1]}&to=${options[2]}`));
    await expect(page.getByTestId("diff-summary")).not.toHaveText(whole!);
    await expect(page.getByTestId("diff-summary")).toContainText(/\d+ (package|config|OS fact)/);
    expect(await page.getByTestId("diff-row").count()).toBeGreaterThan(0);
    await snap(page, "diff-history");
  });

  test("exports the diff rows on screen as a CSV", async ({ page }) => {
    const host = await worstSnowflake(page);
    await page.goto(`/fleets/${MUTABLE}/hosts/${host}/diff?against=spec`);
    const shown = await page.getByTestId("diff-row").count();
    expect(shown).toBeGreaterThan(0);
    await expect(page.getByTestId("diff-export-csv")).toHaveAttribute("href", `/api/v1/hosts/${host}/diff?fleet=${MUTABLE}&against=spec&format=csv`);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("diff-export-csv").click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^fleetprint-diff-${host}-vs-spec-v4-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    const bytes = await fs.readFile((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").trimEnd().split("\r\n");
    expect(lines[0]).toBe("section,key,left,right,status");
    expect(lines.length - 1).toBe(shown);

    // The links follow the page's filters.
    await page.getByTestId("diff-filter").fill("php");
    await expect(page.getByTestId("diff-export-md")).toHaveAttribute("href", /q=php&format=md$/);
  });
});

import { expect, test, type Page } from "@playwright/test";
import { MUTABLE, snap } from "./helpers";

/** The most drifted snowflake of the mutable fleet: the host with the most to show. */
async function worstSnowflake(page: Page): Promise<string> {
  await page.goto(`/fleets/${MUTABLE}?snowflake=1&sort=drift&dir=desc`);
  const first = page.getByTestId("host-row").first();
  await expect(first).toBeVisible();
  return (await first.getAttribute("data-hostname"))!;
}

test.describe("host page", () => {
  test("shows drift grouped by kind and the snowflake reasons", async ({ page }) => {
    const host = await worstSnowflake(page);
    await page.getByTestId("host-row").first().getByRole("link", { name: host }).click();
    await expect(page).toHaveURL(new RegExp(`/fleets/${MUTABLE}/hosts/${host}$`));
    await expect(page).toHaveTitle(new RegExp(host));
    await expect(page.getByRole("heading", { level: 1, name: host })).toBeVisible();

    const groups = page.locator('[data-testid^="drift-group-"]:not([data-testid="drift-group-count"])');
    expect(await groups.count()).toBeGreaterThan(0);
    let total = 0;
    for (const g of await groups.all()) {
      const n = Number(await g.getByTestId("drift-group-count").textContent());
      expect(await g.getByTestId("drift-item").count()).toBe(n);
      total += n;
    }
    await expect(page.getByTestId("drift")).toContainText(`${total} item`);
    await expect(page.getByTestId("drift-item").first()).toContainText(/expected|actual/);

    await expect(page.getByTestId("snowflake")).toContainText("snowflake");
    const reasons = page.getByTestId("snowflake-reason");
    expect(await reasons.count()).toBeGreaterThan(0);
    await expect(reasons.first()).toContainText(/shared by \d+ of \d+/);

    await expect(page.getByTestId("identity")).toContainText("Debian");
    await expect(page.getByTestId("history").getByTestId("history-entry").first()).toBeVisible();
    await snap(page, "host");
  });

  test("filters drift and reasons, and links to the comparison", async ({ page }) => {
    const host = await worstSnowflake(page);
    await page.goto(`/fleets/${MUTABLE}/hosts/${host}`);
    const before = await page.getByTestId("drift-item").count();
    const subject = (await page.getByTestId("drift-item").first().locator("span").first().textContent())!;
    await page.getByTestId("host-filter").fill(subject);
    await expect(page).toHaveURL(/filter=/);
    const after = await page.getByTestId("drift-item").count();
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThanOrEqual(before);

    await page.getByTestId("compare-link").click();
    await expect(page).toHaveURL(/\/diff\?against=spec/);
    await expect(page.getByTestId("diff-table")).toBeVisible();
  });

  test("history links each fingerprint change to a side-by-side of the two fingerprints", async ({ page }) => {
    const host = await worstSnowflake(page);
    await page.goto(`/fleets/${MUTABLE}/hosts/${host}`);
    const link = page.getByTestId("history").getByRole("link", { name: "what changed" }).first();
    await expect(link).toBeVisible();
    await link.click();
    await expect(page).toHaveURL(/\/diff\?from=[0-9a-f]{64}&to=[0-9a-f]{64}/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("(before)");
    expect(await page.getByTestId("diff-row").count()).toBeGreaterThan(0);
  });

  test("unknown host gives the 404 page", async ({ page }) => {
    const res = await page.goto(`/fleets/${MUTABLE}/hosts/no-such-host`);
    expect(res?.status()).toBe(404);
    await expect(page.getByTestId("not-found")).toBeVisible();
  });
});

import { expect, test } from "@playwright/test";
import { MUTABLE, columnNumbers, snap, visibleHostnames } from "./helpers";

test.describe("fleet page", () => {
  test("shows header metrics, the spec and the hosts table", async ({ page }) => {
    await page.goto(`/fleets/${MUTABLE}`);
    await expect(page).toHaveTitle(new RegExp(MUTABLE));
    await expect(page.getByRole("heading", { level: 1, name: MUTABLE })).toBeVisible();
    await expect(page.getByTestId("fleet-metrics")).toContainText("Conforming");
    await expect(page.getByTestId("spec-panel")).toContainText(/Spec v\d+/);
    await page.getByTestId("spec-yaml").locator("summary").click();
    await expect(page.getByTestId("spec-yaml").locator("pre")).toContainText("packages");
    expect((await visibleHostnames(page)).length).toBeGreaterThan(10);
    await snap(page, "fleet");
  });

  test("filters snowflakes through the URL and the checkbox", async ({ page }) => {
    await page.goto(`/fleets/${MUTABLE}`);
    const all = (await visibleHostnames(page)).length;

    await page.goto(`/fleets/${MUTABLE}?snowflake=1`);
    await expect(page.getByTestId("filter-snowflake")).toBeChecked();
    const rows = page.getByTestId("host-row");
    const flakes = await rows.count();
    expect(flakes).toBeGreaterThan(0);
    expect(flakes).toBeLessThan(all);
    for (let i = 0; i < flakes; i++) await expect(rows.nth(i)).toContainText("snowflake");

    await page.getByTestId("filter-snowflake").uncheck();
    await expect(page).not.toHaveURL(/snowflake=1/);
    await expect(rows).toHaveCount(all);

    await page.getByTestId("filter-drifted").check();
    await expect(page).toHaveURL(/drifted=1/);
    for (const n of await columnNumbers(page, "drift-cell")) expect(n).toBeGreaterThan(0);

    await page.getByTestId("host-filter").fill("zz-no-such-host");
    await expect(page.getByTestId("no-match")).toBeVisible();
    await expect(page).toHaveURL(/q=zz-no-such-host/);
  });

  test("sorts by drift count, both directions, kept in the URL", async ({ page }) => {
    await page.goto(`/fleets/${MUTABLE}`);
    await page.getByTestId("sort-drift").click();
    await expect(page).toHaveURL(/sort=drift&dir=desc/);
    const desc = (await columnNumbers(page, "drift-cell")).filter((n): n is number => n !== null);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    expect(desc[0]).toBeGreaterThan(desc[desc.length - 1]);

    await page.getByTestId("sort-drift").click();
    await expect(page).toHaveURL(/sort=drift&dir=asc/);
    const asc = (await columnNumbers(page, "drift-cell")).filter((n): n is number => n !== null);
    expect(asc).toEqual([...asc].sort((a, b) => a - b));

    // A reload keeps the order: the state is in the URL, not in memory.
    await page.reload();
    expect((await columnNumbers(page, "drift-cell")).filter((n) => n !== null)).toEqual(asc);

    await page.getByTestId("sort-hostname").click();
    const names = await visibleHostnames(page);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })));
  });

  test("is usable on a phone: the table scrolls inside its card, not the page", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/fleets/${MUTABLE}?snowflake=1`);
    await expect(page.getByTestId("host-row").first()).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
    await snap(page, "fleet-phone");
  });

  test("unknown fleet gives the 404 page", async ({ page }) => {
    const res = await page.goto("/fleets/no-such-fleet");
    expect(res?.status()).toBe(404);
    await expect(page.getByTestId("not-found")).toBeVisible();
  });
});

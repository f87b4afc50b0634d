import { expect, test } from "@playwright/test";
import { MUTABLE, snap } from "./helpers";

async function twoHosts(page: import("@playwright/test").Page) {
  await page.goto(`/fleets/${MUTABLE}?snowflake=1&sort=drift&dir=desc`);
  const flake = (await page.getByTestId("host-row").first().getAttribute("data-hostname"))!;
  await page.goto(`/fleets/${MUTABLE}?sort=drift&dir=asc`);
  const calm = (await page.getByTestId("host-row").first().getAttribute("data-hostname"))!;
  return { flake, calm };
}

test.describe("diff page", () => {
  test("against the spec shows differing rows first, with counts", async ({ page }) => {
    const { flake } = await twoHosts(page);
    await page.goto(`/fleets/${MUTABLE}/hosts/${flake}/diff?against=spec`);
    await expect(page).toHaveTitle(new RegExp(`${flake} vs spec`));
    await expect(page.getByTestId("only-differences")).toBeChecked();
    const rows = page.getByTestId("diff-row");
    expect(await rows.count()).toBeGreaterThan(0);
    const statuses = await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-status")));
    expect(statuses.every((s) => s !== "same" && s !== "ignored")).toBe(true);
    await expect(page.getByTestId("status-counts")).toContainText(/\d+ of \d+ rows differ/);

    // All rows: equal ones come after the differences.
    await page.getByTestId("only-differences").uncheck();
    await expect(page).toHaveURL(/all=1/);
    const all = await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-status")));
    expect(all.length).toBeGreaterThan(statuses.length);
    const firstEqual = all.findIndex((s) => s === "same" || s === "ignored");
    expect(firstEqual).toBe(statuses.length);
    expect(all.slice(firstEqual).every((s) => s === "same" || s === "ignored")).toBe(true);
    await snap(page, "diff-spec");
  });

  test("against another host, searched in the host combobox", async ({ page }) => {
    const { flake, calm } = await twoHosts(page);
    await page.goto(`/fleets/${MUTABLE}/hosts/${flake}/diff`);
    await page.getByTestId("host-combobox").fill(calm);
    await page.getByTestId("host-option").filter({ hasText: new RegExp(`^${calm}\\s+${MUTABLE}$`) }).click();
    await expect(page).toHaveURL(new RegExp(`against=host(%3A|:)${calm}(%40|@)${MUTABLE}`));
    await expect(page.getByRole("heading", { level: 1 })).toContainText(calm);
    const rows = page.getByTestId("diff-row");
    expect(await rows.count()).toBeGreaterThan(0);
    // Hashes are shortened on screen; the full value stays in the title attribute.
    const hashCell = page.locator('[data-testid="diff-row"] span[title]').filter({ hasText: "…" }).first();
    if (await hashCell.count()) expect((await hashCell.getAttribute("title"))!.length).toBeGreaterThan(20);
    await snap(page, "diff-host");
  });
});

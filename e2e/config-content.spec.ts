import { expect, test } from "@playwright/test";
import { MUTABLE, snap } from "./helpers";

const PHP_INI = "/etc/php/8.2/apache2/php.ini";

test.describe("config content", () => {
  test("the demo's hand-edited php.ini shows its line diff on the host page", async ({ page }) => {
    await page.goto(`/fleets/${MUTABLE}/hosts/web-17`);
    const item = page.getByTestId("drift-item").filter({ hasText: PHP_INI });
    const summary = item.getByTestId("config-diff-summary");
    await expect(summary).toHaveText("memory_limit = 128M → 1G");
    await expect(item).toContainText("spec v");
    await summary.click();
    const hunks = item.getByTestId("config-diff-hunks");
    await expect(hunks).toBeVisible();
    await expect(hunks.locator('[data-op="-"]')).toHaveText(["−removed: memory_limit = 128M"]);
    await expect(hunks.locator('[data-op="+"]')).toHaveText(["+added: memory_limit = 1G"]);
    await expect(hunks).toContainText("max_input_time = 60"); // context around the change
    await snap(page, "config-line-diff");
  });

  test("a changed file whose content never reached the server says so", async ({ page }) => {
    await page.goto(`/fleets/${MUTABLE}/hosts/web-22`);
    const item = page.getByTestId("drift-item").filter({ hasText: "/etc/apache2/apache2.conf" });
    await expect(item.getByTestId("config-diff-summary")).toContainText("never received this file's content");
  });

  test("the diff page loads a changed config's line diff on demand", async ({ page }) => {
    await page.goto(`/fleets/${MUTABLE}/hosts/web-17/diff?against=spec`);
    const row = page.getByTestId("diff-row").filter({ hasText: PHP_INI });
    await expect(row).toHaveAttribute("data-status", "differs");
    // The row below it holds the file's line diff, loaded when asked for.
    const detail = row.locator("xpath=following-sibling::tr[1]");
    await expect(detail).toHaveAttribute("data-testid", "diff-row-detail");
    await detail.getByTestId("config-diff-load").click();
    await expect(detail.getByTestId("config-diff-summary")).toHaveText("memory_limit = 128M → 1G");
  });
});

import type { Page } from "@playwright/test";

export const ADMIN = { Authorization: "Bearer e2e-admin-token" };
export const MUTABLE = "web-mutable";
export const IMMUTABLE = "web-immutable";

/** Screenshots land in test-results/ (kept after the run) so a person can look at the design. */
export async function snap(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });
}

/** Hostnames of the visible table rows, in order. */
export async function visibleHostnames(page: Page): Promise<string[]> {
  return page.locator('[data-testid="host-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute("data-hostname") ?? ""));
}

/** Integer column values of the visible rows; "—" (no spec / not reported) becomes null. */
export async function columnNumbers(page: Page, testId: string): Promise<(number | null)[]> {
  const texts = await page.locator(`[data-testid="host-row"] [data-testid="${testId}"]`).allTextContents();
  return texts.map((t) => (/^\s*[—-]\s*$/.test(t) ? null : Number(t.trim())));
}

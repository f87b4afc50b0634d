import { expect, test, type Page } from "@playwright/test";

// The demo accounts the e2e server seeds (lib/demo/seed-users.ts), with the password playwright.config.ts gives
// it (FLEETPRINT_DEMO_PASSWORD; a real first start generates one).
export const DEMO_PASSWORD = "e2e-demo-password";
export const DEMO = {
  admin: { email: "admin@demo.fleetprint", name: "Ada Admin" },
  operator: { email: "olivia@demo.fleetprint", name: "Olivia Operator" },
  viewer: { email: "victor@demo.fleetprint", name: "Victor Viewer" },
} as const;
/** Saved signed-in browser states (written by auth.setup.ts); tests default to the viewer's. */
export const STATE = { admin: "e2e/.auth/admin.json", operator: "e2e/.auth/operator.json", viewer: "e2e/.auth/viewer.json" } as const;
export const SIGNED_OUT = { cookies: [], origins: [] };
/** Headers of an API write that rides on a browser session: a browser's own fetch sends Origin, and proxy.ts refuses a write with neither Origin nor token. */
export const sameOrigin = () => ({ origin: test.info().project.use.baseURL as string });

export async function signInAs(page: Page, email: string, password = DEMO_PASSWORD) {
  if (!page.url().includes("/sign-in")) await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("user-menu")).toBeVisible();
}
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

/** A small agent report of a Debian 12 host (bash only unless told), as the e2e specs post it. */
export function agentReport(hostname: string, machineId: string, packages = [{ manager: "dpkg", name: "bash", version: "5.2.15-2+b7", arch: "amd64" }]) {
  return {
    schema: 1,
    agentVersion: "1.0.0",
    hostname,
    machineId,
    collectedAt: new Date().toISOString(),
    os: { id: "debian", versionId: "12", prettyName: "Debian GNU/Linux 12 (bookworm)", kernel: "6.1.0-31-amd64", arch: "amd64" },
    packages,
    configs: [],
  };
}

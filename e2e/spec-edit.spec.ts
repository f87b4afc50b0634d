import { expect, test, type PlaywrightWorkerArgs } from "@playwright/test";
import { agentReport, snap, STATE } from "./helpers";

// Adopt or waive in the real browser, on a fleet of its own (the demo fleets stay as other specs expect them): an
// operator waives a drift item from the host page with a reason, finds it in the spec page's waivers and revokes
// it; types a bad pin and sees the error at its line; accepts a host's drift into the spec after seeing the diff.

const BASH = { manager: "dpkg", name: "bash", version: "5.2.15-2+b7", arch: "amd64" };
const CURL = { manager: "dpkg", name: "curl", version: "7.88.1-10+deb12u8", arch: "amd64" };
const STRACE = { manager: "dpkg", name: "strace", version: "6.1-0.1", arch: "amd64" };

/** Made by an admin (operators do not create fleets): a golden host captured as v1, and a host with strace extra. */
async function fleetWithDrift(playwright: PlaywrightWorkerArgs["playwright"], baseURL: string) {
  const request = await playwright.request.newContext({ baseURL, storageState: STATE.admin });
  const origin = { origin: baseURL };
  const fleet = `e2e-spec-${Date.now().toString(36)}`;
  expect((await request.post("/api/v1/fleets", { headers: origin, data: { name: fleet, strategy: "mutable" } })).status()).toBe(201);
  const { secret } = await (await request.post(`/api/v1/fleets/${fleet}/enroll-secrets`, { headers: origin })).json();
  for (const [hostname, packages] of [["gold-01", [BASH, CURL]], ["drift-01", [BASH, CURL, STRACE]]] as const) {
    const machineId = `e2e${hostname.replace(/\W/g, "")}`.padEnd(32, "0");
    const { hostKey } = await (await request.post("/api/v1/enroll", { data: { secret, hostname, machineId } })).json();
    expect((await request.post("/api/v1/fingerprints", { headers: { authorization: `Bearer ${hostKey}` }, data: agentReport(hostname, machineId, [...packages]) })).status()).toBe(202);
  }
  expect((await request.post(`/api/v1/fleets/${fleet}/spec/capture`, { headers: origin, data: { hostname: "gold-01" } })).status()).toBe(201);
  await request.dispose();
  return fleet;
}

test.describe("spec editing as operator", () => {
  test.use({ storageState: STATE.operator });

  test("waive an item from the host page, see it in the waivers list, revoke it", async ({ page, baseURL, playwright }) => {
    const fleet = await fleetWithDrift(playwright, baseURL!);
    await page.goto(`/fleets/${fleet}/hosts/drift-01`);
    const item = page.getByTestId("drift-item").filter({ hasText: "strace" });
    await expect(item).toBeVisible();
    await item.getByTestId("waive-item").click();
    const dialog = item.getByTestId("waive-dialog");
    await expect(dialog.getByTestId("waive-preview")).toBeDisabled(); // a reason is required
    await dialog.getByTestId("waive-reason").fill("debugging an incident");
    await dialog.getByTestId("waive-until").fill("2099-12-31");
    await dialog.getByTestId("waive-preview").click();
    await expect(item.getByTestId("spec-diff-line")).toHaveText([/^\+ waiver package strace: debugging an incident \(until 2099-12-31\) by olivia@demo\.fleetprint$/]);
    await snap(page, "spec-edit-waive-preview");
    await item.getByTestId("waive-confirm").click();
    // The page refreshes with the new version: the waived item was the host's only drift.
    await expect(page.getByTestId("drift").getByText("conforms to spec v2")).toBeVisible();

    await page.goto(`/fleets/${fleet}`);
    await page.getByTestId("spec-page-link").first().click();
    await expect(page).toHaveURL(new RegExp(`/fleets/${fleet}/spec$`));
    const waiver = page.getByTestId("waiver");
    await expect(waiver.getByTestId("waiver-target")).toHaveText("strace");
    await expect(waiver.getByTestId("waiver-reason")).toHaveText("debugging an incident");
    await expect(waiver).toContainText("active");
    await expect(page.getByTestId("spec-version").first()).toContainText("waive");
    await waiver.getByTestId("waiver-revoke").click();
    await expect(waiver.getByTestId("spec-diff-line")).toHaveText([/^- waiver package strace/]);
    await waiver.getByTestId("waiver-revoke-confirm").click();
    await expect(page.getByTestId("no-waivers")).toBeVisible();
    await expect(page.getByTestId("spec-version").first()).toContainText("waiver revoked");

    await page.goto(`/fleets/${fleet}/hosts/drift-01`);
    await expect(page.getByTestId("drift-item").filter({ hasText: "strace" })).toBeVisible();
  });

  test("a bad pin is shown at its line; a good edit shows its diff before saving", async ({ page, baseURL, playwright }) => {
    const fleet = await fleetWithDrift(playwright, baseURL!);
    await page.goto(`/fleets/${fleet}/spec`);
    const editor = page.getByTestId("spec-textarea");
    const yaml = await editor.inputValue();
    const lines = yaml.split("\n");
    const curl = lines.findIndex((l) => l.trim().startsWith("curl:"));
    expect(curl).toBeGreaterThan(0);
    lines[curl] = "    curl: 'not a version!'";
    await editor.fill(lines.join("\n"));
    await page.getByTestId("spec-check").click();
    await expect(page.getByTestId("spec-error")).toHaveText([`line ${curl + 1}packages.pins.curl: must be a version string or "*"`]);
    await expect(page.locator(`[data-testid="error-line"][data-line="${curl + 1}"]`)).toBeVisible();
    await expect(page.getByTestId("spec-save")).toBeDisabled();
    await snap(page, "spec-edit-error-at-line");

    lines[curl] = "    curl: 7.88.1-10+deb12u9";
    await editor.fill(lines.join("\n"));
    await page.getByTestId("spec-check").click();
    await expect(page.getByTestId("spec-diff-line")).toHaveText(["~ pin curl 7.88.1-10+deb12u8 → 7.88.1-10+deb12u9"]);
    await page.getByTestId("spec-note").fill("curl security update");
    await page.getByTestId("spec-save").click();
    await expect(page.getByTestId("spec-version").first()).toContainText("curl security update");
    await expect(page.getByTestId("spec-version").first()).toContainText("by olivia@demo.fleetprint");

    // Any two versions: v1 → v2 from the pickers (kept in the URL).
    await page.getByTestId("diff-from").selectOption("1");
    await page.getByTestId("diff-to").selectOption("2");
    await page.getByTestId("diff-show").click();
    await expect(page).toHaveURL(/from=1&to=2/);
    await expect(page.getByTestId("version-diff").getByTestId("spec-diff-line")).toHaveText(["~ pin curl 7.88.1-10+deb12u8 → 7.88.1-10+deb12u9"]);
  });

  test("accept a host's drift into the spec after seeing the diff", async ({ page, baseURL, playwright }) => {
    const fleet = await fleetWithDrift(playwright, baseURL!);
    await page.goto(`/fleets/${fleet}/hosts/drift-01`);
    await page.getByTestId("accept-all").click();
    const box = page.getByTestId("accept-all-box");
    await expect(box.getByTestId("spec-diff-line")).toHaveText(["+ pin strace 6.1-0.1"]);
    await expect(box.getByTestId("spec-diff-summary")).toContainText("New spec version 2: 1 pin added");
    await box.getByTestId("accept-all-confirm").click();
    await expect(page.getByTestId("drift").getByText("conforms to spec v2")).toBeVisible();
    await page.goto(`/fleets/${fleet}/spec`);
    await expect(page.getByTestId("spec-version").first()).toContainText("accepted from drift-01");
  });
});

test.describe("spec editing as viewer", () => {
  test.use({ storageState: STATE.viewer });

  test("reads the spec page without the controls", async ({ page }) => {
    await page.goto("/fleets/web-mutable/spec");
    await expect(page.getByTestId("spec-textarea")).toHaveAttribute("readonly", "");
    await expect(page.getByTestId("spec-save")).toHaveCount(0);
    await expect(page.getByTestId("waiver").first()).toBeVisible(); // the demo's waived item
    await expect(page.getByTestId("waiver-revoke")).toHaveCount(0);
    await page.goto("/fleets/web-mutable/hosts/web-05");
    await expect(page.getByTestId("waive-item")).toHaveCount(0);
  });
});

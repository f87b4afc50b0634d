import fs from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { MUTABLE, STATE, snap, visibleHostnames } from "./helpers";

// The fleet page's "Drift by item" section on the demo: server-driven like the hosts table (every filter, sort or
// page change navigates; the tests wait for the URL, then read the rows).

const rows = (page: Page) => page.getByTestId("drift-item-row");
const items = (page: Page) => rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-item") ?? ""));
const hostCounts = async (page: Page) => (await page.getByTestId("drift-hosts-link").allTextContents()).map((t) => Number(t.replace(/[^\d]/g, "")));

test.describe("fleet-wide drift", () => {
  test("lists the demo fleet's drift by item, most hosts first, with the values seen", async ({ page }) => {
    await page.goto(`/fleets/${MUTABLE}`);
    const card = page.getByTestId("fleet-drift-card");
    await expect(card).toContainText("Drift by item");
    await expect(rows(page).first()).toBeVisible();
    const counts = await hostCounts(page);
    expect(counts.length).toBeGreaterThan(5);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    // The demo's security updates run ahead of the spec on some hosts and behind it on others (issue 9).
    const ssl = page.locator('[data-item="package-version:libssl3"]');
    await expect(ssl).toBeVisible();
    await expect(ssl.getByTestId("drift-value")).toHaveCount(2);
    await expect(ssl.locator('[data-direction="ahead"]')).toBeVisible();
    await expect(ssl.locator('[data-direction="behind"]')).toBeVisible();
    await expect(ssl.getByRole("img", { name: /Hosts per value/ })).toBeVisible();
    await snap(page, "fleet-drift");
  });

  test("sorts and filters through the URL", async ({ page }) => {
    await page.goto(`/fleets/${MUTABLE}?driftKind=config-changed`);
    await expect(page.getByTestId("drift-filter-kind")).toHaveValue("config-changed");
    const changed = await items(page);
    expect(changed.length).toBeGreaterThan(0);
    for (const it of changed) expect(it).toMatch(/^config-changed:/);

    await page.getByTestId("drift-sort-subject").click();
    await expect(page).toHaveURL(/driftSort=subject/);
    await expect(page).toHaveURL(/driftKind=config-changed/);
    const subjects = (await items(page)).map((i) => i.slice("config-changed:".length));
    expect(subjects.length).toBeGreaterThan(1);
    expect(subjects).toEqual([...subjects].sort());

    await page.getByTestId("drift-filter-direction").selectOption("ahead");
    await expect(page).toHaveURL(/driftDirection=ahead/);
    await expect(page.getByTestId("drift-no-match")).toBeVisible(); // configs have no direction

    await page.goto(`/fleets/${MUTABLE}?driftDirection=behind&driftQ=apache`);
    await expect(page.getByTestId("drift-filter-q")).toHaveValue("apache");
    const behind = await items(page);
    expect(behind.length).toBeGreaterThan(0);
    for (const it of behind) expect(it).toMatch(/apache/);
    // The hosts table keeps its own filters beside the drift table's.
    await page.getByTestId("filter-drifted").check();
    await expect(page).toHaveURL(/drifted=1/);
    await expect(page).toHaveURL(/driftQ=apache/);
  });

  test("links an item to the hosts carrying it", async ({ page }) => {
    await page.goto(`/fleets/${MUTABLE}?driftQ=libssl3&driftKind=package-version`);
    const link = page.locator('[data-item="package-version:libssl3"]').getByTestId("drift-hosts-link");
    const n = Number(((await link.textContent()) ?? "").replace(/[^\d]/g, ""));
    await link.click();
    await expect(page).toHaveURL(/item=package-version%3Alibssl3/);
    await expect(page.getByTestId("item-filter")).toContainText("libssl3");
    await expect(page.getByTestId("host-count")).toContainText(`${n} of`);
    expect((await visibleHostnames(page)).length).toBe(Math.min(n, 100));
    await page.getByTestId("item-filter-clear").click();
    await expect(page).not.toHaveURL(/item=/);
    await expect(page.getByTestId("item-filter")).toHaveCount(0);
  });

  test("exports the filtered table as CSV", async ({ page }) => {
    await page.goto(`/fleets/${MUTABLE}?driftKind=package-version`);
    const total = Number(((await page.getByTestId("drift-item-count").textContent()) ?? "").replace(/ item.*/, "").replace(/[^\d]/g, ""));
    expect(total).toBeGreaterThan(0);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("drift-export").click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^fleetprint-drift-items-${MUTABLE}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    const lines = (await fs.readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    expect(lines[0]).toBe("fleet,kind,subject,expected,hosts,behind,ahead,fingerprints,first_seen,values");
    expect(lines).toHaveLength(total + 1);
    for (const l of lines.slice(1)) expect(l).toMatch(new RegExp(`^${MUTABLE},package-version,`));
    await expect(page.getByTestId("drift-export-done")).toBeVisible();
  });

  test("rejects a bad filter on the API with a message", async ({ page }) => {
    const res = await page.request.get(`/api/v1/fleets/${MUTABLE}/drift?kind=nope&limit=2`);
    expect(res.status()).toBe(400);
    expect((await res.json()).error.message).toMatch(/kind: one of package-missing/);
    const ok = await page.request.get(`/api/v1/fleets/${MUTABLE}/drift?limit=2&sort=subject&dir=asc`);
    const body = await ok.json();
    expect(body.items).toHaveLength(2);
    expect(body.nextCursor).toBeTruthy();
  });
});

test.describe("fleet-wide drift, operator", () => {
  test.use({ storageState: STATE.operator });
  test("selects items and requests a rebuild of the hosts carrying them", async ({ page }) => {
    await page.goto(`/fleets/${MUTABLE}?driftQ=php8.2-gd`);
    const row = page.locator('[data-item="package-version:php8.2-gd"]');
    const n = Number(((await row.getByTestId("drift-hosts-link").textContent()) ?? "").replace(/[^\d]/g, ""));
    await row.getByTestId("drift-select-item").check();
    await expect(page.getByTestId("drift-selected-count")).toContainText("1 item selected");
    await page.getByTestId("drift-action-rebuild").click();
    const form = page.getByTestId("request-rebuild-form");
    await expect(form).toContainText(`Rebuild ${n} host`);
    await form.getByRole("button", { name: "Cancel" }).click();
    await expect(form).toHaveCount(0);
  });

  test("previews waiving and accepting one item into spec from the table, one item at a time", async ({ page }) => {
    await page.goto(`/fleets/${MUTABLE}?driftQ=php8.2-gd`);
    const row = page.locator('[data-item="package-version:php8.2-gd"]');
    await row.getByTestId("drift-select-item").check();
    await page.getByTestId("drift-action-waive").click();
    const waive = page.getByTestId("drift-waive-panel");
    await waive.getByTestId("waive-reason").fill("gd is needed by the image resizer until the March migration");
    await waive.getByTestId("waive-preview").click();
    await expect(waive.getByTestId("drift-waive-preview")).toContainText("php8.2-gd");
    await waive.getByRole("button", { name: "Cancel" }).click(); // previews change nothing: the demo spec stays as it is
    await page.getByTestId("drift-action-accept").click();
    const accept = page.getByTestId("drift-accept-panel");
    await accept.getByTestId("drift-accept-ask").click();
    await expect(accept.getByTestId("drift-accept-preview").getByTestId("spec-diff")).toContainText("php8.2-gd");
  });
});

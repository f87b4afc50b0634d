import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { MUTABLE, STATE, agentReport, columnNumbers, postReport, sameOrigin, snap, visibleHostnames } from "./helpers";

// The hosts table is server-driven: every filter, sort or page change navigates, and the server page queries one
// page of rows. These tests wait for the URL (it changes when the new page commits) and then read the rows.

/** The count in a filter badge, e.g. "Drifted (7)" → 7. */
async function badgeCount(page: Page, testId: string): Promise<number> {
  const text = (await page.getByTestId(testId).locator("xpath=..").textContent()) ?? "";
  return Number(/\((\d+)\)/.exec(text)?.[1] ?? Number.NaN);
}

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

  test("filters snowflakes and drifted hosts on the server, through the URL and the checkboxes", async ({ page }) => {
    await page.goto(`/fleets/${MUTABLE}`);
    const all = (await visibleHostnames(page)).length;
    await expect(page.getByTestId("host-count")).toHaveText(`${all} hosts`);

    await page.goto(`/fleets/${MUTABLE}?snowflake=1`);
    await expect(page.getByTestId("filter-snowflake")).toBeChecked();
    const rows = page.getByTestId("host-row");
    const flakes = await rows.count();
    expect(flakes).toBeGreaterThan(0);
    expect(flakes).toBeLessThan(all);
    for (let i = 0; i < flakes; i++) await expect(rows.nth(i)).toContainText("snowflake");
    // The badge counts the whole fleet and agrees with what the filter finds.
    expect(await badgeCount(page, "filter-snowflake")).toBe(flakes);
    await expect(page.getByTestId("host-count")).toHaveText(`${flakes} of ${all} hosts`);

    await page.getByTestId("filter-snowflake").uncheck();
    await expect(page).not.toHaveURL(/snowflake=1/);
    await expect(rows).toHaveCount(all);

    await page.getByTestId("filter-drifted").check();
    await expect(page).toHaveURL(/drifted=1/);
    const drifts = await columnNumbers(page, "drift-cell");
    expect(drifts.length).toBeGreaterThan(0);
    for (const n of drifts) expect(n).toBeGreaterThan(0);
    expect(await badgeCount(page, "filter-drifted")).toBe(drifts.length);
    await expect(page.getByTestId("host-count")).toHaveText(`${drifts.length} of ${all} hosts`);

    await page.getByTestId("host-filter").fill("zz-no-such-host");
    await expect(page).toHaveURL(/q=zz-no-such-host/);
    await expect(page.getByTestId("no-match")).toBeVisible();
    await expect(page.getByTestId("filter-drifted")).toBeChecked(); // typing kept the other filter

    await page.getByTestId("no-match").getByRole("button", { name: "Clear filters" }).click();
    await expect(page).toHaveURL(new RegExp(`/fleets/${MUTABLE}$`));
    await expect(page.getByTestId("host-filter")).toHaveValue("");
    await expect(rows).toHaveCount(all);
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
    await expect(page).not.toHaveURL(/sort=/);
    const names = await visibleHostnames(page);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })));
  });

  test("dims the table and says so while the server renders the next state", async ({ page }) => {
    await page.goto(`/fleets/${MUTABLE}`);
    const all = (await visibleHostnames(page)).length;
    // Hold the server's answer to client navigations (React Server Component requests) until the pending state has
    // been checked: no fixed delay that a slow machine could outlast.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route(`**/fleets/${MUTABLE}?**`, async (route) => {
      if (route.request().headers()["rsc"]) await held;
      await route.continue();
    });
    await page.getByTestId("filter-drifted").check();
    await expect(page.getByTestId("hosts-loading")).toBeVisible();
    await expect(page.getByTestId("hosts-results")).toHaveAttribute("aria-busy", "true");
    await expect(page.getByTestId("filter-drifted")).toBeChecked(); // the control answers at once
    await expect(page.getByTestId("host-row")).toHaveCount(all); // the old rows stay until the new ones arrive
    release();
    await expect(page.getByTestId("hosts-loading")).toHaveCount(0);
    await expect(page).toHaveURL(/drifted=1/);
    await expect(page.getByTestId("hosts-results")).toHaveAttribute("aria-busy", "false");
    expect((await visibleHostnames(page)).length).toBeLessThan(all);
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

// A fleet of 130 hosts (more than one page of 100) enrolled through the real API: every 10th host runs another bash
// than the spec, captured from a conforming host, so 13 drifted hosts are spread over both pages.
const HOSTS = 130;
const isDrifted = (i: number) => i % 10 === 0;

async function enrollPagedFleet(request: APIRequestContext, fleet: string, prefix: string) {
  expect((await request.post("/api/v1/fleets", { headers: sameOrigin(), data: { name: fleet, strategy: "mutable" } })).status()).toBe(201);
  const { secret } = await (await request.post(`/api/v1/fleets/${fleet}/enroll-secrets`, { headers: sameOrigin() })).json();
  const enrollOne = async (i: number) => {
    const hostname = `${prefix}-${String(i).padStart(3, "0")}`;
    const machineId = `e2e${prefix}${String(i).padStart(3, "0")}`.padEnd(32, "0");
    const enrolled = await request.post("/api/v1/enroll", { data: { secret, hostname, machineId } });
    expect(enrolled.status()).toBe(201);
    const { hostKey } = await enrolled.json();
    const report = agentReport(hostname, machineId, [
      { manager: "dpkg", name: "bash", version: isDrifted(i) ? "5.2.15-2+b8" : "5.2.15-2+b7", arch: "amd64" },
      { manager: "dpkg", name: "coreutils", version: "9.1-1", arch: "amd64" },
    ]);
    expect(await postReport(request, hostKey, report)).toBe(202);
  };
  for (let i = 0; i < HOSTS; i += 10) await Promise.all(Array.from({ length: 10 }, (_, k) => enrollOne(i + k)));
  expect((await request.post(`/api/v1/fleets/${fleet}/spec/capture`, { headers: sameOrigin(), data: { hostname: `${prefix}-001` } })).status()).toBe(201);
}

test.describe("a fleet larger than one page", () => {
  test.use({ storageState: STATE.admin }); // creating a fleet takes an admin; the admin may also select hosts

  test("pages, filters and sorts on the server; the selection survives paging", async ({ page }) => {
    test.setTimeout(120_000);
    const stamp = Date.now().toString(36);
    const fleet = `e2e-paged-${stamp}`;
    const prefix = `pg${stamp}`;
    const name = (i: number) => `${prefix}-${String(i).padStart(3, "0")}`;
    await enrollPagedFleet(page.request, fleet, prefix);
    const rows = page.getByTestId("host-row");

    // Only the visible page is in the HTML: page 1 names host 99, never host 100.
    const html = await (await page.request.get(`/fleets/${fleet}`)).text();
    expect(html).toContain(`"${name(99)}"`);
    expect(html).not.toContain(name(100));
    expect(html.length).toBeLessThan(300 * 1024);

    await page.goto(`/fleets/${fleet}`);
    await expect(page.getByTestId("host-count")).toHaveText(`${HOSTS} hosts`);
    expect(await badgeCount(page, "filter-drifted")).toBe(13);
    await expect(rows).toHaveCount(100);
    expect(await visibleHostnames(page)).toEqual(Array.from({ length: 100 }, (_, i) => name(i)));
    const pager = page.getByRole("navigation", { name: "Pagination" });
    await expect(pager).toContainText(`1–100 of ${HOSTS}`);
    await expect(pager).toContainText("1 / 2");

    // Select one host, go to page 2: the selection is still there.
    await page.locator(`[data-testid="host-row"][data-hostname="${name(5)}"]`).getByTestId("select-host").check();
    await expect(page.getByTestId("selected-count")).toHaveText("1 selected");
    await pager.getByRole("button", { name: "Next" }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(rows).toHaveCount(HOSTS - 100);
    await expect(rows.first()).toHaveAttribute("data-hostname", name(100));
    await expect(pager).toContainText(`101–${HOSTS} of ${HOSTS}`);
    await expect(page.getByTestId("selected-count")).toHaveText("1 selected");
    await page.getByTestId("select-page").click();
    await expect(page.getByTestId("selected-count")).toHaveText(`${1 + HOSTS - 100} selected`);

    // "All drifted" asks the server for every drifted host, not only those of this page (3 of 13 are here, selected).
    await page.getByTestId("select-drifted").click();
    await expect(page.getByTestId("selected-count")).toHaveText(`${1 + HOSTS - 100 + 10} selected`);
    await pager.getByRole("button", { name: "First page" }).click();
    await expect(page).not.toHaveURL(/page=/);
    for (const i of [0, 5, 10, 90]) await expect(page.locator(`[data-testid="host-row"][data-hostname="${name(i)}"]`).getByTestId("select-host")).toBeChecked();
    await expect(page.locator(`[data-testid="host-row"][data-hostname="${name(1)}"]`).getByTestId("select-host")).not.toBeChecked();

    // The drifted filter finds all 13 across the fleet, on one page.
    await page.getByTestId("filter-drifted").check();
    await expect(page).toHaveURL(/drifted=1/);
    await expect(rows).toHaveCount(13);
    expect(await visibleHostnames(page)).toEqual(Array.from({ length: 13 }, (_, k) => name(k * 10)));
    await expect(page.getByTestId("host-count")).toHaveText(`13 of ${HOSTS} hosts`);
    await expect(pager).toHaveCount(0);
    await page.getByTestId("filter-drifted").uncheck();
    await expect(page).not.toHaveURL(/drifted=1/);

    // Sorting covers the whole fleet: Z→A starts at the last host, which page 1 did not hold.
    await page.getByTestId("sort-hostname").click();
    await expect(page).toHaveURL(/sort=hostname&dir=desc/);
    await expect(rows.first()).toHaveAttribute("data-hostname", name(HOSTS - 1));
    await expect(rows).toHaveCount(100);

    // The text filter runs in SQL too, debounced, and keeps the sort.
    await page.getByTestId("host-filter").fill(`${prefix}-12`);
    await expect(page).toHaveURL(new RegExp(`q=${prefix}-12`));
    expect(await visibleHostnames(page)).toEqual(Array.from({ length: 10 }, (_, k) => name(129 - k)));
    await expect(page.getByTestId("host-count")).toHaveText(`10 of ${HOSTS} hosts`);
    await expect(page.getByTestId("selected-count")).toHaveText(`${1 + HOSTS - 100 + 10} selected`);
    await snap(page, "fleet-paged");

    // A page past the end shows the last page.
    await page.goto(`/fleets/${fleet}?page=9`);
    await expect(rows).toHaveCount(HOSTS - 100);
    await expect(pager).toContainText("2 / 2");
  });
});

import { expect, test } from "@playwright/test";
import { agentReport, postReport, snap, STATE } from "./helpers";

// A source the agent could not read, in the real browser: a Debian host whose rpm database is unreadable reports its
// dpkg packages and the rpm error; the host page says so above the drift, and the warning goes with the first report
// that reads everything.

test.describe("collector errors on the host page", () => {
  test.use({ storageState: STATE.admin });

  test("an unreadable rpm database is shown in a warning block until a report reads every source", async ({ page, baseURL }) => {
    const request = page.request;
    const origin = { origin: baseURL! };
    const fleet = `e2e-collect-${Date.now().toString(36)}`;
    const hostname = "rpm-broken-01";
    expect((await request.post("/api/v1/fleets", { headers: origin, data: { name: fleet, strategy: "mutable" } })).status()).toBe(201);
    const { secret } = await (await request.post(`/api/v1/fleets/${fleet}/enroll-secrets`, { headers: origin })).json();
    const machineId = "e2e000000000000000000000000000c1";
    const enrolled = await request.post("/api/v1/enroll", { data: { secret, hostname, machineId } });
    expect(enrolled.status()).toBe(201);
    const { hostKey } = await enrolled.json();
    const message = "rpm database unreadable: /var/lib/rpm/Packages: not a berkeley db hash/btree database";
    const report = { ...agentReport(hostname, machineId), collectorErrors: [{ collector: "rpm", message }] };
    expect(await postReport(request, hostKey, report)).toBe(202);

    await page.goto(`/fleets/${fleet}/hosts/${hostname}`);
    const warning = page.getByTestId("collector-errors");
    await expect(warning).toBeVisible();
    await expect(warning).toHaveAttribute("role", "alert");
    await expect(warning).toContainText("One source could not be read");
    await expect(warning.locator('[data-collector="rpm"]')).toHaveText(`rpm: ${message}`);
    await expect(warning).toContainText("Packages of the unreadable source are missing from this fingerprint");
    // What the other sources read was stored: the identity card counts the dpkg package.
    await expect(page.getByText("Debian GNU/Linux 12 (bookworm)")).toBeVisible();
    const detail = await (await request.get(`/api/v1/hosts/${hostname}?fleet=${fleet}`)).json();
    expect(detail.host.collectorErrors).toEqual([{ collector: "rpm", message }]);
    await snap(page, "host-collector-errors");

    // rpm reads again: the same packages, no errors.
    expect(await postReport(request, hostKey, agentReport(hostname, machineId))).toBe(202);
    await page.reload();
    await expect(page.getByRole("heading", { name: hostname })).toBeVisible();
    await expect(page.getByTestId("collector-errors")).toHaveCount(0);
    expect((await (await request.get(`/api/v1/hosts/${hostname}?fleet=${fleet}`)).json()).host.collectorErrors).toBeNull();
  });

  test("the demo's mutable fleet has a host whose rpm database is unreadable", async ({ page }) => {
    await page.goto("/fleets/web-mutable/hosts/web-14");
    const warning = page.getByTestId("collector-errors");
    await expect(warning).toBeVisible();
    await expect(warning.locator('[data-collector="rpm"]')).toHaveText(/^rpm: rpm database unreadable: /);
  });
});

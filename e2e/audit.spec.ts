import fs from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { pageAs, snap } from "./helpers";

test.describe("audit log", () => {
  test("an admin filters by action prefix and actor through the URL, and pages back in time", async ({ browser }) => {
    const page = await pageAs(browser, "admin");
    await page.goto("/");
    await page.getByTestId("nav-audit").click();
    await expect(page).toHaveURL(/\/audit$/);
    const rows = page.getByTestId("audit-row");
    await expect(rows.first()).toBeVisible();
    await snap(page, "audit");

    await page.getByTestId("audit-action").selectOption("host.");
    await page.getByTestId("audit-apply").click();
    await expect(page).toHaveURL(/action=host\./);
    await expect(rows.first()).toBeVisible();
    for (const a of await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute("data-action") ?? ""))) expect(a.startsWith("host.")).toBe(true);

    // Pages of 20 (the demo enrolled 64 hosts): "Older" pages by id cursor, keeping the filters; "Newest" comes back.
    await page.goto("/audit?action=host.&limit=20");
    await expect(rows).toHaveCount(20);
    const firstPage = await rows.evaluateAll((rs) => rs.map((r) => r.textContent));
    await page.getByTestId("audit-older").click();
    await expect(page).toHaveURL(/before=\d+/);
    await expect(page).toHaveURL(/action=host\..*limit=20/);
    await expect(rows.first()).not.toHaveText(firstPage[0]!); // the older page has arrived, not the first one still shown
    await expect(rows).toHaveCount(20);
    const secondPage = await rows.evaluateAll((rs) => rs.map((r) => r.textContent));
    expect(secondPage.some((t) => firstPage.includes(t))).toBe(false);
    await page.getByTestId("audit-newest").click();
    await expect(page).not.toHaveURL(/before=/);

    await page.goto("/audit?actor=system&action=fleet.");
    await expect(page.getByTestId("audit-actor")).toHaveValue("system");
    await expect(rows.first()).toBeVisible();
    for (const t of await rows.evaluateAll((rs) => rs.map((r) => r.children[1]?.textContent ?? ""))) expect(t).toBe("system");

    await page.goto("/audit?q=zz-no-such-thing");
    await expect(page.getByTestId("audit-empty")).toBeVisible();
    await page.context().close();
  });

  test("exports what is shown as CSV", async ({ browser }) => {
    const page = await pageAs(browser, "admin");
    await page.goto("/audit?action=fleet.");
    const shown = await page.getByTestId("audit-row").count();
    expect(shown).toBeGreaterThan(0);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("audit-export").click()]);
    expect(download.suggestedFilename()).toBe("fleetprint-audit-fleet.csv");
    const lines = (await fs.readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("id,at,actor,action,subject,detail,ip");
    expect(lines).toHaveLength(shown + 1);
    for (const l of lines.slice(1)) expect(l).toMatch(/^\d+,[^,]+,[^,]*,fleet\./);
    await page.context().close();
  });

  test("is for admins only", async ({ browser }) => {
    const page = await pageAs(browser, "approver");
    await page.goto("/");
    await expect(page.getByTestId("user-role")).toHaveText("approver"); // the page is there: the missing link below is not a blank page's
    await expect(page.getByTestId("nav-audit")).toHaveCount(0);
    const res = await page.goto("/audit");
    expect(res?.status()).toBe(403);
    await expect(page.getByTestId("forbidden")).toContainText("It needs role admin");
    expect((await page.request.get("/api/v1/audit")).status()).toBe(403);
    await page.context().close();
  });
});

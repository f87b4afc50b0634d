import { expect, test, type Browser } from "@playwright/test";
import { BASH, STATE, ownFleet, signInAs, snap } from "./helpers";

// Four eyes on the rebuild policy in the real browser: the demo admin gives a fleet of this test's own a rebuild
// provider (the demo fleets keep theirs for the rebuild specs), the page says it waits for another admin (and
// offers her no Approve button); a second admin signs in and approves it, and the change is in effect.

const PASSWORD = "e2e-second-admin-1";

async function signedInPage(browser: Browser, email: string) {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signInAs(page, email, PASSWORD);
  return page;
}

test.describe("rebuild policy", () => {
  test.use({ storageState: STATE.admin });

  test("a provider change waits for a second admin, who approves it", async ({ page, browser, playwright }) => {
    const { fleet } = await ownFleet(playwright, "policy", [["pol-01", [BASH]]], "immutable");
    // A browser's own writes say where they come from (Origin); the demo admin makes a second admin.
    const origin = { origin: test.info().project.use.baseURL as string };
    const email = `grace-${Date.now().toString(36)}@e2e.fleetprint`;
    const made = await page.request.post("/api/v1/users", { headers: origin, data: { email, name: "Grace Second", password: PASSWORD, role: "admin" } });
    expect(made.status()).toBe(201);
    const graceId = (await made.json()).id as string;

    await page.goto(`/fleets/${fleet}`);
    await page.getByTestId("fleet-policy-link").click();
    await expect(page).toHaveURL(new RegExp(`/fleets/${fleet}/policy$`));
    const box = page.getByTestId("policy-provider-input");
    await expect(box).toHaveValue(""); // a new fleet has no provider
    await box.fill(JSON.stringify({ kind: "webhook", url: "https://ci.example.com/hooks/fleetprint", secretEnv: "CI_HOOK_SECRET" }));
    await page.getByRole("button", { name: "Save policy" }).click();
    await expect(page.getByTestId("policy-result")).toContainText("Waiting for another admin to approve, because it changes the rebuild provider");
    const pending = page.getByTestId("pending-policy-change");
    await expect(pending).toHaveCount(1);
    await expect(pending.getByTestId("waiting-for-admin")).toBeVisible();
    await expect(pending.getByRole("button", { name: "Approve" })).toHaveCount(0);
    expect((await (await page.request.get(`/api/v1/fleets/${fleet}/policy`)).json()).provider).toBeNull();
    await snap(page, "policy-pending");

    const grace = await signedInPage(browser, email);
    await grace.goto(`/fleets/${fleet}/policy`);
    const theirs = grace.getByTestId("pending-policy-change");
    await expect(theirs).toContainText("Requested by Ada Admin");
    await expect(theirs.getByTestId("waiting-for-admin")).toHaveCount(0);
    await theirs.getByRole("button", { name: "Approve" }).click();
    await expect(grace.getByTestId("pending-policy-change")).toHaveCount(0);
    await expect(grace.locator('[data-testid="policy-history-row"][data-status="applied"]').first()).toContainText("Rebuild provider: webhook (generic https://ci.example.com/hooks/fleetprint)");
    await snap(grace, "policy-approved");
    await expect(grace.getByTestId("policy-provider")).toHaveText("webhook (generic https://ci.example.com/hooks/fleetprint)");
    expect((await (await grace.request.get(`/api/v1/fleets/${fleet}/policy`)).json()).provider).toMatchObject({ kind: "webhook", secretEnv: "CI_HOOK_SECRET" });

    // The audit log has both steps; the second admin goes again (the demo keeps one active admin).
    const audit = await (await page.request.get(`/api/v1/audit?action=policy.&q=${fleet}`)).json();
    expect(audit.entries.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(["policy.request", "policy.approve"]));
    await grace.context().close();
    expect((await page.request.patch(`/api/v1/users/${graceId}`, { headers: origin, data: { disabled: true } })).status()).toBe(200);
  });
});

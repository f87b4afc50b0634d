import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, SIGNED_OUT, STATE, signInAs, snap } from "./helpers";

test.describe("API tokens", () => {
  test.use({ storageState: STATE.operator });

  test("are shown once with a copy button, work as a bearer token, and stop working when revoked", async ({ page, playwright, baseURL }) => {
    const name = `e2e-${Date.now().toString(36)}`;
    await page.goto("/settings/tokens");
    await page.getByLabel("Name").fill(name);
    await page.getByRole("button", { name: "Create token" }).click();
    const shown = page.getByTestId("new-token-value");
    await expect(shown).toContainText(/fpt_\S+/);
    const token = (await shown.locator("pre").textContent())!.trim();
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await shown.getByRole("button", { name: "Copy" }).click();
    await expect(shown.getByRole("button")).toHaveText("Copied");
    const row = page.locator(`[data-testid="token-row"][data-name="${name}"]`);
    await expect(row).toContainText(token.slice(0, 10));
    await snap(page, "tokens");

    const bare = await playwright.request.newContext({ baseURL, storageState: SIGNED_OUT });
    const auth = { Authorization: `Bearer ${token}` };
    expect((await bare.get("/api/v1/fleets", { headers: auth })).status()).toBe(200);

    // Reloaded, the token itself is gone from the page for good.
    await page.reload();
    await expect(page.getByTestId("new-token")).toHaveCount(0);
    await expect(page.locator("body")).not.toContainText(token);

    page.once("dialog", (d) => d.accept());
    await row.getByRole("button", { name: "Revoke" }).click();
    await expect(row).toHaveCount(0);
    expect((await bare.get("/api/v1/fleets", { headers: auth })).status()).toBe(401);
    await bare.dispose();
  });
});

test.describe("user admin", () => {
  test.use({ storageState: STATE.admin });

  test("creates a user and changes their role; the new user can sign in with it", async ({ page, browser }) => {
    const email = `e2e-${Date.now().toString(36)}@demo.fleetprint`;
    await page.goto("/admin/users");
    const form = page.getByTestId("create-user");
    await form.getByLabel("Email").fill(email);
    await form.getByLabel("Name").fill("Erin E2E");
    await form.getByLabel("Initial password").fill(DEMO_PASSWORD);
    await form.getByLabel("Role").selectOption("viewer");
    await form.getByRole("button", { name: "Create user" }).click();
    await expect(form.getByRole("status")).toHaveText(`Created ${email} (viewer).`);

    const row = page.locator(`[data-testid="user-row"][data-email="${email}"]`);
    await row.getByLabel(`Role of ${email}`).selectOption("approver");
    // A role change is saved only through the confirmation (issue 9): accept it.
    page.once("dialog", (d) => d.accept());
    await row.getByTestId("save-role").click();
    await expect(row.getByTestId("save-role")).toHaveCount(0);
    await expect(row.getByLabel(`Role of ${email}`)).toHaveValue("approver");
    await page.reload();
    await expect(page.locator(`[data-testid="user-row"][data-email="${email}"]`).getByLabel(`Role of ${email}`)).toHaveValue("approver");
    await snap(page, "users");

    const other = await browser.newContext({ storageState: SIGNED_OUT });
    const p2 = await other.newPage();
    await signInAs(p2, email);
    await expect(p2.getByTestId("user-role")).toHaveText("approver");
    await other.close();
  });
});

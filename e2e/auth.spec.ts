import { expect, test } from "@playwright/test";
import { DEMO, IMMUTABLE, MUTABLE, SIGNED_OUT, STATE, signInAs, snap } from "./helpers";

test.describe("signed out", () => {
  test.use({ storageState: SIGNED_OUT });

  test("a page asks to sign in, refuses a wrong password, then comes back to where it was", async ({ page }) => {
    await page.goto(`/fleets/${MUTABLE}?drifted=1`);
    await expect(page).toHaveURL(/\/sign-in\?next=%2Ffleets%2Fweb-mutable%3Fdrifted%3D1$/);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: MUTABLE })).toHaveCount(0); // no fleet names before sign-in
    await snap(page, "sign-in");

    await page.getByLabel("Email").fill(DEMO.operator.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("sign-in-error")).toHaveText("Wrong email or password.");
    await expect(page.getByLabel("Email")).toHaveValue(DEMO.operator.email);
    await snap(page, "sign-in-wrong-password");

    await signInAs(page, DEMO.operator.email);
    await expect(page).toHaveURL(new RegExp(`/fleets/${MUTABLE}\\?drifted=1$`));
    await expect(page.getByTestId("user-menu")).toContainText(DEMO.operator.name);
    await expect(page.getByTestId("user-role")).toHaveText("operator");

    await page.getByTestId("user-menu").click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test("the API answers 401 without credentials", async ({ request }) => {
    const r = await request.get("/api/v1/fleets");
    expect(r.status()).toBe(401);
    expect((await r.json()).error.message).toMatch(/Sign in or send an API token/);
  });
});

test.describe("as a viewer", () => {
  test.use({ storageState: STATE.viewer });

  test("can browse fleets and hosts but not the admin pages", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByTestId(`fleet-card-${IMMUTABLE}`)).toBeVisible();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: MUTABLE }).click();
    await expect(page.getByTestId("host-row").first()).toBeVisible();

    await page.getByTestId("user-menu").click();
    await expect(page.getByRole("menuitem", { name: "API tokens" })).toBeVisible();
    await expect(page.getByRole("menuitem", { name: "Users" })).toHaveCount(0);

    const res = await page.goto("/admin/users");
    expect(res?.status()).toBe(403);
    await expect(page.getByTestId("forbidden")).toContainText(`It needs role admin; you are viewer (${DEMO.viewer.email})`);
  });
});

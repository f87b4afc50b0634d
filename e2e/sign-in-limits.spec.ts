import { expect, test, type Page } from "@playwright/test";
import { SIGNED_OUT, STATE } from "./helpers";

// The form counts against the same limits as better-auth's endpoint (lib/server/sign-in-guard.ts).
test.use({ storageState: STATE.admin });

async function submit(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await Promise.all([page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/sign-in"), page.getByRole("button", { name: "Sign in" }).click()]);
  return page.getByTestId("sign-in-error");
}

test("the sign-in form refuses the 6th wrong password, and then the right one, until the window ends", async ({ browser, request, baseURL }) => {
  const email = `e2e-limit-${Date.now().toString(36)}@limits.test`;
  const password = "limit-password-1";
  const made = await request.post("/api/v1/users", { data: { email, name: "Limit", password, role: "viewer" }, headers: { origin: baseURL! } });
  expect(made.status()).toBe(201);

  const ctx = await browser.newContext({ storageState: SIGNED_OUT });
  const page = await ctx.newPage();
  await page.goto("/sign-in");
  for (let i = 0; i < 5; i++) await expect(await submit(page, email, `wrong-password-${i}`)).toHaveText("Wrong email or password.");
  await expect(await submit(page, email, "wrong-password-5")).toHaveText(/^Too many failed sign-ins for this account\. Try again in 1[45] minutes/);
  await expect(await submit(page, email, password)).toHaveText(/^Too many failed sign-ins for this account/);
  await expect(page).toHaveURL(/\/sign-in$/);
  await ctx.close();
});

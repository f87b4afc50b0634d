import { expect, test as setup } from "@playwright/test";
import { DEMO, signInAs } from "./helpers";

// One saved browser state per demo account the tests act as (e2e/.auth/, not committed).
for (const who of ["viewer", "operator", "admin", "approver", "approver2"] as const) {
  setup(`sign in as the demo ${who}`, async ({ page }) => {
    await signInAs(page, DEMO[who].email);
    await expect(page.getByTestId("user-role")).toHaveText(who.replace(/\d$/, ""));
    await page.context().storageState({ path: `e2e/.auth/${who}.json` });
  });
}

import { expect, test, type Page } from "@playwright/test";
import { DEMO_PASSWORD, IMMUTABLE, MUTABLE, STATE, snap } from "./helpers";

// Issue 9, items 7 and 8: dates that agree, and the smaller things seen on the way.

async function mostDrifted(page: Page): Promise<string> {
  await page.goto(`/fleets/${MUTABLE}?drifted=1&sort=drift&dir=desc`);
  const first = page.getByTestId("host-row").first();
  await expect(first).toBeVisible();
  return (await first.getAttribute("data-hostname"))!;
}

test.describe("dates that agree", () => {
  test("the spec panel shows each version with its own save date", async ({ page }) => {
    await page.goto(`/fleets/${MUTABLE}`);
    const dates = await page.getByTestId("spec-panel").getByTestId("spec-version-date").allTextContents();
    expect(dates.length).toBeGreaterThan(1);
    expect(new Set(dates).size).toBe(dates.length);
  });

  test("a drift item says since when the host carried it and since when it differs from the current spec", async ({ page }) => {
    await page.goto(`/fleets/${MUTABLE}/hosts/${await mostDrifted(page)}`);
    const item = page.getByTestId("drift-item").filter({ has: page.getByTestId("drift-differs-since") }).first();
    await expect(item).toContainText(/carried since \d{1,2} [A-Z][a-z]{2}/);
    await expect(item.getByTestId("drift-differs-since")).toHaveText(/^· differs from spec since \d{1,2} [A-Z][a-z]{2}.*\(v\d+\)$/);
  });
});

test.describe("navigation at 390 px", () => {
  test("the menu button opens every link", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: MUTABLE })).toHaveCount(0);
    await page.getByTestId("nav-menu-button").click();
    const menu = page.getByTestId("nav-menu");
    for (const name of ["Overview", "Rebuilds", MUTABLE, IMMUTABLE]) await expect(menu.getByRole("link", { name: new RegExp(name) })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
    await snap(page, "nav-phone");
    await menu.getByRole("link", { name: new RegExp(IMMUTABLE) }).click();
    await expect(page).toHaveURL(new RegExp(`/fleets/${IMMUTABLE}$`));
    await expect(page.getByTestId("nav-menu")).toHaveCount(0); // a followed link closes it
  });
});

test.describe("role change", () => {
  test.use({ storageState: STATE.admin });

  test("an arrow key only drafts a role; saving asks, and a dismissed confirmation changes nothing", async ({ page }) => {
    const email = `e2e-role-${Date.now().toString(36)}@demo.fleetprint`;
    await page.goto("/admin/users");
    const form = page.getByTestId("create-user");
    await form.getByLabel("Email").fill(email);
    await form.getByLabel("Name").fill("Rory Role");
    await form.getByLabel("Initial password").fill(DEMO_PASSWORD);
    await form.getByRole("button", { name: "Create user" }).click();
    await expect(form.getByRole("status")).toContainText(email);

    const row = () => page.locator(`[data-testid="user-row"][data-email="${email}"]`);
    const select = row().getByLabel(`Role of ${email}`);
    await select.focus();
    await page.keyboard.press("ArrowDown"); // viewer → operator, as a stray key would
    await expect(row().getByTestId("save-role")).toBeVisible();
    await page.reload();
    await expect(row().getByLabel(`Role of ${email}`)).toHaveValue("viewer"); // nothing was saved

    await row().getByLabel(`Role of ${email}`).selectOption("approver");
    page.once("dialog", (d) => d.dismiss());
    await row().getByTestId("save-role").click();
    await page.reload();
    await expect(row().getByLabel(`Role of ${email}`)).toHaveValue("viewer");

    await row().getByLabel(`Role of ${email}`).selectOption("approver");
    let asked = "";
    page.once("dialog", (d) => {
      asked = d.message();
      void d.accept();
    });
    await row().getByTestId("save-role").click();
    await expect(row().getByTestId("save-role")).toHaveCount(0);
    expect(asked).toContain(`from viewer to approver`);
    await page.reload();
    await expect(row().getByLabel(`Role of ${email}`)).toHaveValue("approver");
  });
});

test.describe("host page rebuild", () => {
  test.use({ storageState: STATE.operator });

  test("Request rebuild opens the request form with this host selected", async ({ page }) => {
    const host = await mostDrifted(page);
    await page.goto(`/fleets/${MUTABLE}/hosts/${host}`);
    await page.getByTestId("host-request-rebuild").click();
    const form = page.getByTestId("request-rebuild-form");
    await expect(form).toBeVisible();
    await expect(form).toContainText("1 host");
    await expect(form.locator('input[name="hosts"]')).toHaveValue(host);
  });

  test("a viewer has no Request rebuild button", async ({ browser }) => {
    const ctx = await browser.newContext({ storageState: STATE.viewer, baseURL: test.info().project.use.baseURL });
    const page = await ctx.newPage();
    const host = await mostDrifted(page);
    await page.goto(`/fleets/${MUTABLE}/hosts/${host}`);
    await expect(page.getByTestId("compare-link")).toBeVisible();
    await expect(page.getByTestId("host-request-rebuild")).toHaveCount(0);
    await ctx.close();
  });
});

test.describe("diff page", () => {
  test("no history pickers against the spec; hosts of any fleet are searched in the combobox", async ({ page }) => {
    const host = await mostDrifted(page);
    await page.goto(`/fleets/${MUTABLE}/hosts/${host}/diff?against=spec`);
    await expect(page.getByTestId("diff-summary")).toBeVisible();
    await expect(page.getByTestId("history-picker")).toHaveCount(0);

    await page.getByTestId("host-combobox").fill("web");
    const other = page.getByTestId("host-option").filter({ hasText: IMMUTABLE }).first();
    await expect(other).toBeVisible();
    expect(await page.getByTestId("host-option").count()).toBeLessThanOrEqual(20); // searched with a limit, not a full list
    await other.click();
    await expect(page).toHaveURL(new RegExp(`against=host(%3A|:)[^&]+(%40|@)${IMMUTABLE}`));
    await expect(page.getByTestId("history-picker")).toHaveCount(0);

    await page.getByTestId("against-picker").selectOption("history");
    await expect(page).toHaveURL(/from=[0-9a-f]{64}&to=[0-9a-f]{64}/);
    await expect(page.getByTestId("history-picker")).toBeVisible();
    // History is titled by dates, not by hashes.
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \(before\)\s*vs\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \(after\)$/);
  });
});

test.describe("keyboard focus", () => {
  test("a tab-focused button and a chart show a visible outline", async ({ page }) => {
    await page.goto("/");
    await expect(page.locator(".recharts-surface").first()).toBeVisible();
    const focused = async () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el) return null;
        const s = getComputedStyle(el);
        return { tag: el.tagName, cls: el.getAttribute("class") ?? "", outline: s.outlineStyle, width: s.outlineWidth };
      });
    let sawButton = false;
    let sawChart = false;
    for (let i = 0; i < 60 && !(sawButton && sawChart); i++) {
      await page.keyboard.press("Tab");
      const f = await focused();
      if (!f) continue;
      if (f.tag === "BUTTON") {
        expect(f.outline).toBe("solid");
        expect(f.width).toBe("2px");
        sawButton = true;
      }
      if (f.cls.includes("recharts-surface")) {
        expect(f.outline).toBe("solid");
        sawChart = true;
      }
    }
    expect(sawButton).toBe(true);
    expect(sawChart).toBe(true);
  });
});

test.describe("audit log", () => {
  test.use({ storageState: STATE.admin });

  test("details open to the whole JSON; sign-ins never show a zero address", async ({ page }) => {
    await page.goto("/audit");
    const detail = page.getByTestId("audit-detail").first();
    await detail.locator("summary").click();
    const json = await detail.getByTestId("audit-detail-json").textContent();
    expect(() => JSON.parse(json!)).not.toThrow();
    await page.goto("/audit?action=user.");
    const ips = await page.locator('[data-testid="audit-row"][data-action="user.sign-in"] [data-testid="audit-ip"]').allTextContents();
    expect(ips.length).toBeGreaterThan(0);
    for (const ip of ips) expect(ip.trim()).not.toMatch(/^(::|::ffff:0\.0\.0\.0|0\.0\.0\.0|0000:.*)$/);
  });
});

import { expect, test, type Page } from "@playwright/test";
import { MUTABLE } from "./helpers";

/** Every CSP violation the page reports, from the console and from the DOM event (which also sees inline styles). */
function watchViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) seen.push(m.text());
  });
  page.on("pageerror", (e) => seen.push(`pageerror: ${e.message}`));
  return seen;
}

test("the pages run and draw under the CSP without a single violation", async ({ page }) => {
  const violations = watchViolations(page);
  await page.exposeFunction("__cspViolation", (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __cspViolation: (v: string) => void }).__cspViolation(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const res = await page.goto("/");
  expect(res?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-/);
  // Charts (recharts draws with inline styles), a fleet table, a host page, history: all hydrated and drawn.
  await expect(page.getByTestId(`fleet-card-${MUTABLE}`)).toBeVisible();
  await page.goto(`/fleets/${MUTABLE}`);
  const first = page.getByTestId("host-row").first();
  await expect(first).toBeVisible();
  const host = (await first.getAttribute("data-hostname"))!;
  await first.getByRole("link", { name: host }).click(); // client-side navigation: scripts are running
  await expect(page).toHaveURL(new RegExp(`/hosts/${host}$`));
  await page.goto(`/fleets/${MUTABLE}/history`);
  await expect(page.locator(".recharts-surface").first()).toBeVisible();
  expect(violations).toEqual([]);
});

test("no other site can frame a page", async ({ page, baseURL }) => {
  const refused = page.waitForEvent("console", (m) => /frame-ancestors|X-Frame-Options|Refused to (display|frame)/i.test(m.text()));
  await page.setContent(`<iframe src="${baseURL}/" width="800" height="600"></iframe>`);
  await refused;
  await expect(page.frameLocator("iframe").getByRole("navigation", { name: "Main" })).toHaveCount(0);
});

test("a server action or API write from another site is refused with 403", async ({ request }) => {
  const action = await request.post("/", { headers: { origin: "http://evil.example", "next-action": "0".repeat(42) }, data: "[]" });
  expect(action.status()).toBe(403);
  expect((await action.json()).error.message).toMatch(/Cross-origin request refused/);
  const bare = await request.post("/api/v1/rebuilds", { data: { hosts: ["web-02"], reason: "csrf", fleet: MUTABLE } });
  expect(bare.status()).toBe(403);
  expect((await bare.json()).error.message).toMatch(/needs an Origin header/);
});

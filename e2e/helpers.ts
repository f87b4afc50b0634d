import { expect, test, type APIRequestContext, type Browser, type Page, type PlaywrightWorkerArgs } from "@playwright/test";

// The demo accounts the e2e server seeds (lib/demo/seed-users.ts), with the password playwright.config.ts gives
// it (FLEETPRINT_DEMO_PASSWORD; a real first start generates one).
export const DEMO_PASSWORD = "e2e-demo-password";
export const DEMO = {
  admin: { email: "admin@demo.fleetprint", name: "Ada Admin" },
  operator: { email: "olivia@demo.fleetprint", name: "Olivia Operator" },
  viewer: { email: "victor@demo.fleetprint", name: "Victor Viewer" },
  approver: { email: "alice@demo.fleetprint", name: "Alice Approver" },
  approver2: { email: "bob@demo.fleetprint", name: "Bob Approver" },
} as const;
/** Saved signed-in browser states (written by auth.setup.ts); tests default to the viewer's. */
export const STATE = {
  admin: "e2e/.auth/admin.json",
  operator: "e2e/.auth/operator.json",
  viewer: "e2e/.auth/viewer.json",
  approver: "e2e/.auth/approver.json",
  approver2: "e2e/.auth/approver2.json",
} as const;
export const SIGNED_OUT = { cookies: [], origins: [] };
/** Headers of an API write that rides on a browser session: a browser's own fetch sends Origin, and proxy.ts refuses a write with neither Origin nor token. */
export const sameOrigin = () => ({ origin: test.info().project.use.baseURL as string });

/**
 * A page in a browser context of its own, signed in as a demo person from the state auth.setup.ts saved (a sign-in
 * through the form costs seconds on a loaded machine). Never sign such a page out: that ends the saved session
 * for every later test; a test that signs out signs in through the form first (signInAs).
 */
export async function pageAs(browser: Browser, who: keyof typeof STATE): Promise<Page> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, storageState: STATE[who] });
  return context.newPage();
}

export async function signInAs(page: Page, email: string, password = DEMO_PASSWORD) {
  if (!page.url().includes("/sign-in")) await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("user-menu")).toBeVisible();
}
export const MUTABLE = "web-mutable";
export const IMMUTABLE = "web-immutable";
/**
 * Demo hosts that specs read by name, expecting them as the seed left them (web-29 quiet, web-31's sshd_config, web-17
 * and web-22's config content, ...). The one spec that must change demo hosts (the full rebuild, which needs the demo
 * provider) leaves these alone; everything else that writes works on a fleet of its own (ownFleet).
 */
export const DEMO_HOSTS_READ_BY_NAME: readonly string[] = ["web-02", "web-05", "web-17", "web-21", "web-22", "web-29", "web-31"];

/** Screenshots land in test-results/ (kept after the run) so a person can look at the design. */
export async function snap(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });
}

/** Hostnames of the visible table rows, in order. */
export async function visibleHostnames(page: Page): Promise<string[]> {
  return page.locator('[data-testid="host-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute("data-hostname") ?? ""));
}

/** Integer column values of the visible rows; "—" (no spec / not reported) becomes null. */
export async function columnNumbers(page: Page, testId: string): Promise<(number | null)[]> {
  const texts = await page.locator(`[data-testid="host-row"] [data-testid="${testId}"]`).allTextContents();
  return texts.map((t) => (/^\s*[—-]\s*$/.test(t) ? null : Number(t.trim())));
}

/** A small agent report of a Debian 12 host (bash only unless told), as the e2e specs post it. */
export function agentReport(hostname: string, machineId: string, packages = [{ manager: "dpkg", name: "bash", version: "5.2.15-2+b7", arch: "amd64" }]) {
  return {
    schema: 1,
    agentVersion: "1.0.0",
    hostname,
    machineId,
    collectedAt: new Date().toISOString(),
    os: { id: "debian", versionId: "12", prettyName: "Debian GNU/Linux 12 (bookworm)", kernel: "6.1.0-31-amd64", arch: "amd64" },
    packages,
    configs: [],
  };
}

export const BASH = { manager: "dpkg", name: "bash", version: "5.2.15-2+b7", arch: "amd64" };
export const CURL = { manager: "dpkg", name: "curl", version: "7.88.1-10+deb12u8", arch: "amd64" };

/**
 * Sends a host's report as the agent does: a busy server answers 503 with Retry-After (the ingest gate, under load
 * from the other checkouts' builds on this machine) and the agent sends it again after that wait. Anything else is
 * the answer. Returns the last response's status.
 */
export async function postReport(request: APIRequestContext, hostKey: string, report: object): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const r = await request.post("/api/v1/fingerprints", { headers: { authorization: `Bearer ${hostKey}` }, data: report });
    if (r.status() !== 503 || attempt === 10) return r.status();
    await new Promise((done) => setTimeout(done, 1000 * Number(r.headers()["retry-after"] ?? 1)));
  }
}

/**
 * A fleet of the calling test's own (unique name), made through the API as an admin would: each host enrols and
 * reports the packages given, and the first host's fingerprint is captured as spec v1. A test that changes a
 * fleet (its policy, channels, requests, hosts) works on one of these, so the demo fleets stay as the read-only
 * specs expect them whatever ran before.
 */
export async function ownFleet(
  playwright: PlaywrightWorkerArgs["playwright"],
  what: string,
  hosts: [hostname: string, packages: (typeof BASH)[]][],
  strategy: "mutable" | "immutable" = "mutable",
) {
  const baseURL = test.info().project.use.baseURL as string;
  const request = await playwright.request.newContext({ baseURL, storageState: STATE.admin });
  const origin = { origin: baseURL };
  const fleet = `e2e-${what}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  expect((await request.post("/api/v1/fleets", { headers: origin, data: { name: fleet, strategy } })).status()).toBe(201);
  const { secret } = (await (await request.post(`/api/v1/fleets/${fleet}/enroll-secrets`, { headers: origin })).json()) as { secret: string };
  for (const [hostname, packages] of hosts) {
    const machineId = `e2e${hostname.replace(/\W/g, "")}`.padEnd(32, "0");
    const enrolled = await request.post("/api/v1/enroll", { data: { secret, hostname, machineId } });
    expect(enrolled.status(), await enrolled.text()).toBe(201);
    const { hostKey } = (await enrolled.json()) as { hostKey: string };
    expect(await postReport(request, hostKey, agentReport(hostname, machineId, packages))).toBe(202);
  }
  if (hosts.length) expect((await request.post(`/api/v1/fleets/${fleet}/spec/capture`, { headers: origin, data: { hostname: hosts[0][0] } })).status()).toBe(201);
  await request.dispose();
  return { fleet, secret };
}

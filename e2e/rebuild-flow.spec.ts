import { expect, test, type Browser, type Page, type PlaywrightWorkerArgs } from "@playwright/test";
import { BASH, CURL, DEMO_HOSTS_READ_BY_NAME, MUTABLE, agentReport, ownFleet, pageAs, postReport, sameOrigin, signInAs, snap } from "./helpers";

// The whole four-eyes rebuild in the real browser, one browser context per person: the operator requests,
// cannot approve her own request, an approver approves, the demo provider (scripts/demo-rebuild.ts) replaces
// the hosts from the spec, verification sees matching fingerprints, and the audit log has every step.

const OLIVIA = "olivia@demo.fleetprint"; // operator
const ORDER = ["pending", "approved", "running", "verifying", "succeeded"];

/**
 * A fleet of the test's own whose one host took a curl update after the spec was captured from gold-01: a rebuild
 * of it downgrades curl, as on the demo's mutable hosts. The requests, decisions and re-enrolments of the tests
 * below happen here; only the full rebuild needs the demo fleet (its provider plays the machine builder).
 */
async function fleetAheadOfSpec(playwright: PlaywrightWorkerArgs["playwright"], host: string) {
  return ownFleet(playwright, "rb", [
    ["gold-01", [BASH, CURL]],
    [host, [BASH, { ...CURL, version: "7.88.1-10+deb12u9" }]],
  ]);
}

async function personPage(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signInAs(page, email);
  return page;
}

/** The demo's mutable hosts are ahead of their spec (security updates): the form asks for an explicit yes first. */
async function submitConfirmingDowngrades(page: Page) {
  await page.getByTestId("submit-rebuild").click();
  await expect(page.getByTestId("request-error")).toContainText("ahead of the spec");
  await page.getByTestId("request-confirm-downgrades").check();
  await page.getByTestId("submit-rebuild").click();
}

test("operator requests, approver approves, the hosts are rebuilt from spec and verified", async ({ browser }) => {
  test.setTimeout(150_000);

  // 1. The operator signs in (through the form: she signs out below, which would end a saved session), picks two
  // drifted hosts and asks for a rebuild. Not hosts other specs read by name: this rebuilds them; others are still
  // drifted on a second run, so the test repeats.
  const olivia = await personPage(browser, OLIVIA);
  await olivia.goto(`/fleets/${MUTABLE}`);
  await olivia.getByTestId("filter-drifted").check();
  await expect(olivia).toHaveURL(/drifted=1/);
  const rows = olivia.getByTestId("host-row");
  await expect(rows.first()).toBeVisible();
  const hosts = (await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute("data-hostname") ?? ""))).filter((h) => !DEMO_HOSTS_READ_BY_NAME.includes(h)).slice(0, 2);
  expect(hosts).toHaveLength(2);
  for (const h of hosts) {
    const row = olivia.locator(`[data-testid="host-row"][data-hostname="${h}"]`);
    expect(Number(await row.getByTestId("drift-cell").textContent())).toBeGreaterThan(0);
    await row.getByTestId("select-host").check();
  }
  await expect(olivia.getByTestId("selected-count")).toHaveText("2 selected");
  await olivia.getByTestId("request-rebuild").click();
  await olivia.getByTestId("rebuild-reason").fill("e2e: hand edits found on these hosts; bring them back to spec");
  await snap(olivia, "rebuild-request-form");
  await olivia.getByTestId("submit-rebuild").click();
  // The demo's mutable hosts took security updates after the spec was written: rebuilding them from spec would move
  // those packages backwards, and the form says so and asks for an explicit yes.
  await expect(olivia.getByTestId("request-error")).toContainText(/This rebuild downgrades .* → .* on web-\d+.*ahead of the spec/);
  await expect(olivia).not.toHaveURL(/\/rebuilds\//);
  await olivia.getByTestId("request-confirm-downgrades").check();
  await olivia.getByTestId("submit-rebuild").click();
  await expect(olivia).toHaveURL(/\/rebuilds\/[0-9a-f-]{36}$/);
  const id = olivia.url().split("/").pop()!;
  await expect(olivia.getByTestId("request-status")).toHaveAttribute("data-status", "pending");
  await expect(olivia.getByTestId("approvals")).toHaveText("0 of 1");

  // 2. The requester cannot approve: the button is disabled and says why; the API refuses as well.
  await expect(olivia.getByTestId("approve")).toBeDisabled();
  await expect(olivia.getByTestId("decision-hint")).toContainText("a second person must approve");
  const refused = await olivia.request.post(`/api/v1/rebuilds/${id}/approve`, { headers: sameOrigin(), data: {} });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.code).toBe("forbidden");
  await olivia.getByTestId("user-menu").click();
  await olivia.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(olivia).toHaveURL(/\/sign-in$/);
  await olivia.context().close();

  // 3. An approver finds it in the queue, with the drift that motivated it, and approves.
  const alice = await pageAs(browser, "approver");
  await alice.goto("/rebuilds");
  await expect(alice.getByTestId("nav-pending-count")).toBeVisible();
  const card = alice.locator(`[data-testid="rebuild-card"][data-id="${id}"]`);
  await expect(card).toBeVisible();
  await expect(card.getByTestId("reason")).toContainText("hand edits");
  await expect(card.getByTestId("approvals")).toHaveText("Approvals 0 of 1");
  await expect(card.getByTestId("expires")).toContainText(/expires in/);
  for (const h of hosts) await expect(card.locator(`[data-testid="host-chip"][data-hostname="${h}"]`)).toHaveAttribute("data-status", "waiting");
  await card.getByTestId("motivating-drift").locator("summary").click();
  await expect(card.getByTestId("drift-host")).toHaveCount(2);
  await snap(alice, "rebuilds-queue");
  await expect(card.getByTestId("downgrade-warning")).toContainText(/This rebuild downgrades/);
  await card.getByTestId("decision-comment").fill("Looked at the drift; go.");
  // Approving without confirming the downgrade is refused with the reason.
  await card.getByTestId("approve").click();
  await expect(card.getByTestId("decision-error")).toContainText(/downgrades .* Approve with confirmDowngrades/);
  await card.getByTestId("confirm-downgrades").check();
  await card.getByTestId("approve").click();

  // 4. Approving opens the request page, which follows the rollout live: canary first, then the batch.
  await expect(alice).toHaveURL(new RegExp(`/rebuilds/${id}$`));
  await expect(alice.getByTestId("decision-entry")).toContainText("Looked at the drift; go.");
  const status = alice.getByTestId("request-status");
  const seen: string[] = [];
  let midShot = false;
  await expect
    .poll(
      async () => {
        const s = (await status.getAttribute("data-status")) ?? "";
        if (seen.at(-1) !== s) seen.push(s);
        if (!midShot && (s === "running" || s === "verifying")) {
          midShot = true;
          await snap(alice, "rebuild-running");
        }
        return s;
      },
      { timeout: 90_000, intervals: [200] },
    )
    .toBe("succeeded");
  // The page only moves forward through the statuses, and was caught while hosts were being replaced.
  const positions = seen.map((s) => ORDER.indexOf(s));
  expect(positions.every((p) => p >= 0)).toBe(true);
  expect(positions).toEqual([...positions].sort((a, b) => a - b));
  expect(seen.some((s) => s === "running" || s === "verifying")).toBe(true);
  for (const step of ["requested", "approved", "running", "verifying", "succeeded"]) {
    await expect(alice.locator(`[data-testid="timeline-step"][data-step="${step}"]`)).toHaveAttribute("data-state", "done");
  }
  await expect(alice.getByTestId("progress-text")).toHaveText("2 of 2 hosts finished");
  await expect(alice.getByTestId("live")).toHaveCount(0);
  for (const h of hosts) {
    const row = alice.locator(`[data-testid="progress-row"][data-hostname="${h}"]`);
    await expect(row).toHaveAttribute("data-status", "succeeded");
    await expect(row.getByTestId("remaining-drift")).toHaveText("0");
  }
  const log = alice.locator(`[data-testid="provider-log"][data-hostname="${hosts[0]}"]`);
  await log.locator("summary").click();
  await expect(log.locator("pre")).toContainText("enrolled");
  await snap(alice, "rebuild-succeeded");

  // Canary first: the batch-1 host started only after the canary's provider run was done.
  const detail = await (await alice.request.get(`/api/v1/rebuilds/${id}`)).json();
  const canary = detail.hosts.find((h: { batch: number }) => h.batch === 0);
  const rest = detail.hosts.find((h: { batch: number }) => h.batch === 1);
  expect(canary && rest).toBeTruthy();
  expect(Date.parse(rest.startedAt)).toBeGreaterThanOrEqual(Date.parse(canary.providerDoneAt));
  const exported = await alice.getByTestId("export-json").getAttribute("href");
  expect(exported).toBe(`/api/v1/rebuilds/${id}`);

  // 5. The fleet page now shows both hosts conforming.
  await alice.goto(`/fleets/${MUTABLE}`);
  for (const h of hosts) await expect(alice.locator(`[data-testid="host-row"][data-hostname="${h}"] [data-testid="drift-cell"]`)).toHaveText("0");
  await alice.context().close();

  // 6. The audit log, for an admin, has the request, the approval and the verification.
  const admin = await pageAs(browser, "admin");
  await admin.goto(`/audit?action=rebuild.&q=${id}`);
  const actions = await admin.getByTestId("audit-row").evaluateAll((rs) => rs.map((r) => r.getAttribute("data-action")));
  for (const a of ["rebuild.request", "rebuild.approve", "rebuild.approved", "rebuild.verified", "rebuild.succeeded"]) expect(actions).toContain(a);
  expect(actions.filter((a) => a === "rebuild.verified")).toHaveLength(2);
  await admin.context().close();
});

test("an approver must say why to reject; the request then ends", async ({ browser, playwright }) => {
  const { fleet } = await fleetAheadOfSpec(playwright, "rej-01");
  const olivia = await pageAs(browser, "operator");
  await olivia.goto(`/fleets/${fleet}`);
  await olivia.locator('[data-testid="host-row"][data-hostname="rej-01"]').getByTestId("select-host").check();
  await olivia.getByTestId("request-rebuild").click();
  await olivia.getByTestId("rebuild-reason").fill("e2e: to be rejected");
  await submitConfirmingDowngrades(olivia);
  await expect(olivia).toHaveURL(/\/rebuilds\/[0-9a-f-]{36}$/);
  const id = olivia.url().split("/").pop()!;
  await olivia.context().close();

  const bob = await pageAs(browser, "approver2");
  await bob.goto("/rebuilds");
  const card = bob.locator(`[data-testid="rebuild-card"][data-id="${id}"]`);
  await card.getByTestId("reject").click();
  await expect(card.getByTestId("decision-error")).toContainText("comment is required");
  await card.getByTestId("decision-comment").fill("Not during the release freeze.");
  await card.getByTestId("reject").click();
  await expect(card).toHaveCount(0); // it left the pending tab
  await bob.getByTestId("tab-history").click();
  await expect(bob).toHaveURL(/status=history/);
  const done = bob.locator(`[data-testid="rebuild-card"][data-id="${id}"]`);
  await expect(done).toHaveAttribute("data-status", "rejected");
  await expect(done).toContainText("Not during the release freeze.");
  await bob.context().close();
});

test("the request form shows the server's refusal", async ({ browser }) => {
  const victor = await pageAs(browser, "viewer");
  await victor.goto(`/fleets/${MUTABLE}`);
  await expect(victor.getByTestId("host-row").first()).toBeVisible();
  await expect(victor.getByTestId("request-rebuild")).toHaveCount(0); // viewers get no selection at all
  await victor.context().close();

  const olivia = await pageAs(browser, "operator");
  await olivia.goto(`/fleets/${MUTABLE}`);
  await olivia.getByTestId("host-row").first().getByTestId("select-host").check();
  await olivia.getByTestId("request-rebuild").click();
  // Below the schema's minimum: the browser's own check is bypassed so the server's message is what shows.
  await olivia.getByTestId("rebuild-reason").evaluate((el) => el.removeAttribute("minlength"));
  await olivia.getByTestId("rebuild-reason").fill("no");
  await olivia.getByTestId("submit-rebuild").click();
  await expect(olivia.getByTestId("request-error")).toContainText("reason: say why (at least 3 characters)");
  await expect(olivia).toHaveURL(new RegExp(`/fleets/${MUTABLE}`));
  await olivia.context().close();
});

test("approving a stale request is refused, and a fresh one is one click away", async ({ browser, playwright }) => {
  const host = "stale-01";
  const { fleet, secret } = await fleetAheadOfSpec(playwright, host);
  const olivia = await pageAs(browser, "operator");
  await olivia.goto(`/fleets/${fleet}?q=${host}`);
  await olivia.locator(`[data-testid="host-row"][data-hostname="${host}"]`).getByTestId("select-host").check();
  await olivia.getByTestId("request-rebuild").click();
  await olivia.getByTestId("rebuild-reason").fill("e2e: will go stale");
  await submitConfirmingDowngrades(olivia);
  await expect(olivia).toHaveURL(/\/rebuilds\/[0-9a-f-]{36}$/);
  const id = olivia.url().split("/").pop()!;
  await olivia.context().close();

  // The host changes after the request: someone re-installs its agent and it reports a different machine.
  const agent = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  const machineId = "e2e0000000000000000000000000stale";
  const { hostKey } = await (await agent.post("/api/v1/enroll", { data: { secret, hostname: host, machineId } })).json();
  const report = agentReport(host, machineId);
  expect(await postReport(agent, hostKey, report)).toBe(202);
  await agent.dispose();

  const alice = await pageAs(browser, "approver");
  await alice.goto("/rebuilds");
  const card = alice.locator(`[data-testid="rebuild-card"][data-id="${id}"]`);
  await card.getByTestId("approve").click();
  const stale = card.getByTestId("stale");
  await expect(stale).toContainText("request a fresh one");
  await expect(stale).toContainText(`${host} reported a new fingerprint since the request`);
  await expect(card).toHaveAttribute("data-status", "pending");
  await snap(alice, "rebuilds-stale");
  const api = await alice.request.post(`/api/v1/rebuilds/${id}/approve`, { headers: sameOrigin(), data: {} });
  expect(api.status()).toBe(409);
  expect((await api.json()).error.message).toMatch(/^Stale: /);

  // The fresh request replaces the stale one (which still holds the host); the downgrade was confirmed before.
  await stale.getByTestId("re-request-confirm-downgrades").check();
  await stale.getByTestId("re-request").click();
  await expect(alice).toHaveURL(/\/rebuilds\/[0-9a-f-]{36}$/);
  expect(alice.url()).not.toContain(id);
  await expect(alice.getByTestId("request-status")).toHaveAttribute("data-status", "pending");
  await expect(alice.getByTestId("request-card")).toContainText("Alice Approver");
  await expect(alice.getByTestId("reason")).toContainText("will go stale");
  await expect(alice.getByTestId("approve")).toBeDisabled(); // now she is the requester
  await alice.context().close();
});

test("the requester can cancel her request; the timeline ends there", async ({ browser, playwright }) => {
  const { fleet } = await fleetAheadOfSpec(playwright, "cancel-01");
  const olivia = await pageAs(browser, "operator");
  await olivia.goto(`/fleets/${fleet}`);
  await olivia.locator('[data-testid="host-row"][data-hostname="cancel-01"]').getByTestId("select-host").check();
  await olivia.getByTestId("request-rebuild").click();
  await olivia.getByTestId("rebuild-reason").fill("e2e: changed my mind");
  await submitConfirmingDowngrades(olivia);
  await expect(olivia).toHaveURL(/\/rebuilds\/[0-9a-f-]{36}$/);
  olivia.once("dialog", (d) => void d.accept());
  await olivia.getByTestId("cancel").click();
  await expect(olivia.getByTestId("request-status")).toHaveAttribute("data-status", "cancelled");
  await expect(olivia.locator('[data-testid="timeline-step"][data-step="cancelled"]')).toHaveAttribute("data-state", "stopped");
  await expect(olivia.locator('[data-testid="timeline-step"][data-step="running"]')).toHaveCount(0);
  await expect(olivia.getByTestId("request-message")).toContainText("Cancelled by Olivia Operator");
  await expect(olivia.getByTestId("live")).toHaveCount(0); // final: polling stopped
  await olivia.context().close();
});

import { expect, test } from "@playwright/test";
import { startServer, type FakeServer } from "../tests/fakes/http-server";
import { startSlackWebhook, type SlackWebhook } from "../tests/fakes/slack-webhook";
import { BASH, MUTABLE, ownFleet, sameOrigin, snap, STATE } from "./helpers";

// A fleet's alerts page in the real browser, on a fleet of the test's own: an admin adds a Slack-compatible
// channel pointing at a local receiver that follows Slack's contract, sends a test, sees a real alert (a rebuild
// waiting for approval) in the delivery log, and a broken receiver's failure explained; a viewer reads the log
// without the controls.

test.describe("alerts as admin", () => {
  test.use({ storageState: STATE.admin });
  let slack: SlackWebhook;
  let broken: FakeServer;

  test.beforeAll(async () => {
    slack = await startSlackWebhook();
    broken = await startServer(() => ({ status: 400, headers: { "content-type": "text/plain" }, body: "invalid_payload" }));
  });
  test.afterAll(async () => {
    await slack.close();
    await broken.close();
  });

  test("add a channel, test it, and read the delivery log", async ({ page, playwright }) => {
    const { fleet } = await ownFleet(playwright, "alerts", [["al-01", [BASH]]]);
    await page.goto(`/fleets/${fleet}`);
    await page.getByTestId("fleet-alerts-link").click();
    await expect(page).toHaveURL(new RegExp(`/fleets/${fleet}/alerts$`));
    await expect(page.getByTestId("no-channels")).toBeVisible();

    const form = page.getByTestId("new-channel");
    await form.getByLabel("Name", { exact: true }).fill("ops-chat");
    await form.getByLabel("Format").selectOption("slack");
    await form.getByLabel("URL, or the environment variable holding it").fill(slack.hookUrl);
    await form.getByLabel("Group events for (seconds)").fill("0");
    await form.getByRole("button", { name: "Add channel" }).click();
    await expect(form.getByRole("status")).toHaveText(/Added “ops-chat”/);

    // A Slack URL typed in is refused: it is a secret and belongs in the environment. The form keeps what was typed.
    await expect(form.getByLabel("Name", { exact: true })).toHaveValue(""); // cleared after the channel was added
    await form.getByLabel("Name", { exact: true }).fill("leaky");
    await form.getByLabel("Format").selectOption("slack");
    await form.getByLabel("URL, or the environment variable holding it").fill("https://hooks.slack.com/services/T0/B0/secret");
    await form.getByRole("button", { name: "Add channel" }).click();
    await expect(form.getByRole("alert")).toHaveText(/a Slack webhook URL is itself a secret/);

    await expect(form.getByLabel("Format")).toHaveValue("slack");
    await form.getByLabel("Name", { exact: true }).fill("old-relay");
    await form.getByLabel("URL, or the environment variable holding it").fill(`${broken.url}/relay`);
    await form.getByLabel("Group events for (seconds)").fill("0");
    await form.getByRole("button", { name: "Add channel" }).click();
    await expect(page.getByTestId("channel-row")).toHaveCount(2);

    const chat = page.locator('[data-testid="channel-row"][data-name="ops-chat"]');
    await chat.getByRole("button", { name: "Send test" }).click();
    await expect(chat.getByTestId("test-result")).toHaveText("Test message delivered (HTTP 200).");
    expect(slack.messages.at(-1)?.text).toBe(`Fleetprint test message for fleet ${fleet}: alerts will arrive here.`);
    const relay = page.locator('[data-testid="channel-row"][data-name="old-relay"]');
    await relay.getByRole("button", { name: "Send test" }).click();
    await expect(relay.getByTestId("test-result")).toHaveText(/Test message failed: .* answered HTTP 400; receiver said “invalid_payload” \(not retried/);

    // A real event: a rebuild request waits for approval; the app's worker tells both channels.
    const req = await page.request.post("/api/v1/rebuilds", { headers: sameOrigin(), data: { hosts: ["al-01"], reason: "e2e: alert check", fleet } });
    expect(req.status()).toBe(201);
    const { id } = await req.json();
    await expect.poll(() => slack.messages.some((m) => m.text?.includes("1 rebuild needs approval")), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => broken.calls.length, { timeout: 15_000 }).toBe(2);
    expect((await page.request.post(`/api/v1/rebuilds/${id}/cancel`, { headers: sameOrigin(), data: {} })).status()).toBe(200);

    await page.reload();
    const rows = page.getByTestId("delivery-row");
    await expect(rows).toHaveCount(4);
    await expect(rows.filter({ hasText: "1 rebuild needs approval" })).toHaveCount(2);
    await rows.filter({ hasText: "1 rebuild needs approval" }).first().locator("summary").click();
    await expect(page.locator("pre").first()).toContainText(`"text": "Fleetprint · ${fleet}: 1 rebuild needs approval"`);
    await snap(page, "alerts");

    await page.getByRole("link", { name: "Failed" }).click();
    await expect(page).toHaveURL(/status=failed/);
    await expect(rows).toHaveCount(2);
    for (const s of await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute("data-status")))) expect(s).toBe("failed");

    // Channels can be deleted (the fleet is this test's own: nothing to put back for the others).
    page.on("dialog", (d) => void d.accept());
    for (const name of ["ops-chat", "old-relay"]) {
      await page.locator(`[data-testid="channel-row"][data-name="${name}"]`).getByRole("button", { name: "Delete" }).click();
      await expect(page.locator(`[data-testid="channel-row"][data-name="${name}"]`)).toHaveCount(0);
    }
  });
});

test("a viewer reads a fleet's alerts without the controls", async ({ page }) => {
  await page.goto(`/fleets/${MUTABLE}/alerts`);
  await expect(page.getByRole("heading", { name: `Alerts for ${MUTABLE}` })).toBeVisible();
  await expect(page.getByTestId("delivery-card")).toBeVisible();
  await expect(page.getByTestId("add-channel")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Send test" })).toHaveCount(0);
});

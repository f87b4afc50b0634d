import { expect, test, type APIRequestContext } from "@playwright/test";
import { agentReport, postReport, snap, STATE } from "./helpers";

// Host identity on the host page in the real browser: a replaced machine is said so under the header, and an
// admin revokes the host's key and then deletes the host, each after a confirmation and each audited. A viewer
// sees neither action.

async function enroll(request: APIRequestContext, secret: string, hostname: string, machineId: string): Promise<string> {
  const r = await request.post("/api/v1/enroll", { data: { secret, hostname, machineId } });
  expect(r.status()).toBe(201);
  const { hostKey } = await r.json();
  expect(await postReport(request, hostKey, agentReport(hostname, machineId))).toBe(202);
  return hostKey;
}

test.describe("host identity as admin", () => {
  test.use({ storageState: STATE.admin });

  test("a replaced machine is shown; the admin revokes its key, then deletes the host", async ({ page, baseURL }) => {
    const request = page.request;
    const origin = { origin: baseURL! };
    const fleet = `e2e-ident-${Date.now().toString(36)}`;
    const hostname = "ident-01";
    expect((await request.post("/api/v1/fleets", { headers: origin, data: { name: fleet, strategy: "immutable" } })).status()).toBe(201);
    const { secret } = await (await request.post(`/api/v1/fleets/${fleet}/enroll-secrets`, { headers: origin })).json();
    await enroll(request, secret, hostname, "e2e00000000000000000000000000001");
    // The VM is rebuilt: same hostname, a fresh machine id.
    const key = await enroll(request, secret, hostname, "e2e00000000000000000000000000002");

    await page.goto(`/fleets/${fleet}/hosts/${hostname}`);
    const note = page.getByTestId("identity-note");
    await expect(note).toHaveAttribute("data-kind", "replaced");
    await expect(note).toContainText("Replaced by another machine on");
    await expect(page.getByTestId("history")).toContainText("Replaced by another machine");

    // Cancelling the confirmation changes nothing.
    page.once("dialog", (d) => d.dismiss());
    await page.getByTestId("revoke-key").click();
    await expect(note).toHaveAttribute("data-kind", "replaced");

    page.once("dialog", (d) => {
      expect(d.message()).toContain(`Revoke the key of ${hostname}?`);
      void d.accept();
    });
    await page.getByTestId("revoke-key").click();
    await expect(note).toHaveAttribute("data-kind", "key-revoked");
    await expect(note).toContainText("Host key revoked on");
    await expect(page.getByTestId("history")).toContainText("Host key revoked");
    await expect(page.getByTestId("revoke-key")).toHaveCount(0);
    expect((await request.post("/api/v1/fingerprints", { headers: { authorization: `Bearer ${key}` }, data: agentReport(hostname, "e2e00000000000000000000000000002") })).status()).toBe(401);
    await snap(page, "host-key-revoked");

    page.once("dialog", (d) => {
      expect(d.message()).toContain(`Delete ${hostname}`);
      void d.accept();
    });
    await page.getByTestId("delete-host").click();
    await expect(page).toHaveURL(new RegExp(`/fleets/${fleet}$`));
    expect((await request.get(`/api/v1/hosts/${hostname}?fleet=${fleet}`)).status()).toBe(404);

    const { entries } = (await (await request.get(`/api/v1/audit?action=host.&q=${hostname}`)).json()) as { entries: { action: string; subject: string }[] };
    const mine = entries.filter((e) => e.subject === hostname).map((e) => e.action);
    expect(mine).toEqual(expect.arrayContaining(["host.replace", "host.revoke-key", "host.delete"]));
  });
});

test("a viewer gets no revoke or delete on the host page", async ({ page }) => {
  await page.goto("/fleets/web-mutable/hosts/web-02");
  await expect(page.getByRole("heading", { level: 1, name: "web-02" })).toBeVisible();
  await expect(page.getByTestId("host-admin-actions")).toHaveCount(0);
});

import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { agentReport, postReport, snap, STATE } from "./helpers";

// An imported host in the real browser: its page says where its data came from, and a spec that pins config files
// says they are "not collected" there instead of listing them as missing. The hosts table badges its source.

test.use({ storageState: STATE.admin });

test("an SBOM host shows its source and 'not collected' configs against a spec that pins them", async ({ page, baseURL }) => {
  const request = page.request;
  const origin = { origin: baseURL! };
  const fleet = `e2e-imp-${Date.now().toString(36)}`;
  expect((await request.post("/api/v1/fleets", { headers: origin, data: { name: fleet, strategy: "immutable" } })).status()).toBe(201);
  const { secret } = await (await request.post(`/api/v1/fleets/${fleet}/enroll-secrets`, { headers: origin })).json();
  // A golden agent host with a config file; its capture pins that file in the spec.
  const { hostKey } = await (await request.post("/api/v1/enroll", { data: { secret, hostname: "gold-01", machineId: null } })).json();
  const gold = { ...agentReport("gold-01", "e2e0000000000000000000000000gold"), configs: [{ path: "/etc/php/8.2/apache2/php.ini", type: "file", sha256: "a".repeat(64) }] };
  expect(await postReport(request, hostKey, gold)).toBe(202);
  expect((await request.post(`/api/v1/fleets/${fleet}/spec/capture`, { headers: origin, data: { hostname: "gold-01" } })).status()).toBe(201);

  const sbom = fs.readFileSync("fixtures/imports/trivy-debian10-fluentd.cdx.json", "utf8");
  const imported = await request.post(`/api/v1/imports?format=cyclonedx&fleet=${fleet}&hostname=sbom-01`, { headers: { ...origin, "content-type": "application/json" }, data: sbom });
  expect(imported.status()).toBe(202);

  await page.goto(`/fleets/${fleet}/hosts/sbom-01`);
  await expect(page.getByTestId("host-source")).toHaveText("CycloneDX SBOM import");
  await expect(page.getByTestId("identity")).toContainText("not collected");
  await expect(page.getByTestId("configs-not-collected")).toContainText("not collected");
  // Packages drift from the golden host; the pinned php.ini is not reported missing.
  await expect(page.getByTestId("drift-item").first()).toBeVisible();
  await expect(page.getByTestId("drift")).not.toContainText("php.ini");
  await expect(page.getByTestId("drift-group-config-missing")).toHaveCount(0);
  await snap(page, "imported-host-not-collected");

  // The agent host keeps its page as before; the hosts table badges the imported one.
  await page.goto(`/fleets/${fleet}/hosts/gold-01`);
  await expect(page.getByTestId("host-source")).toHaveText("fleetprint-agent");
  await expect(page.getByTestId("configs-not-collected")).toHaveCount(0);
  await page.goto(`/fleets/${fleet}`);
  await expect(page.locator('[data-testid="host-row"][data-hostname="sbom-01"]').getByTestId("source-badge")).toHaveText("cyclonedx");
  await expect(page.locator('[data-testid="host-row"][data-hostname="gold-01"]').getByTestId("source-badge")).toHaveCount(0);

  // The Source filter narrows the list, lives in the URL, and the API answers the same.
  await page.getByTestId("filter-source").selectOption("cyclonedx");
  await expect(page).toHaveURL(/[?&]source=cyclonedx/);
  await expect(page.getByTestId("host-row")).toHaveCount(1);
  await expect(page.getByTestId("host-row")).toHaveAttribute("data-hostname", "sbom-01");
  const listed = await (await page.request.get(`/api/v1/hosts?fleet=${fleet}&source=cyclonedx`)).json();
  expect(listed.hosts.map((h: { hostname: string; source: string }) => `${h.hostname} ${h.source}`)).toEqual(["sbom-01 cyclonedx"]);
  expect((await page.request.get(`/api/v1/hosts?fleet=${fleet}&source=puppet`)).status()).toBe(400);
});

import { expect, test } from "@playwright/test";
import { STATE, sameOrigin, snap } from "./helpers";

// Creating a fleet takes an admin; the admin's browser session carries the API call too.
test.use({ storageState: STATE.admin });

test("a fleet without hosts explains how to enroll, with a copyable agent command", async ({ page, request, baseURL }) => {
  const name = `e2e-empty-${Date.now().toString(36)}`;
  const res = await request.post("/api/v1/fleets", { headers: sameOrigin(), data: { name, strategy: "immutable" } });
  expect(res.status()).toBe(201);

  await page.goto(`/fleets/${name}`);
  await expect(page.getByTestId("empty-fleet")).toBeVisible();
  const cmd = page.getByTestId("empty-fleet").getByTestId("agent-command");
  await expect(cmd).toContainText(`curl -fsSL ${baseURL}/agent.sh | sudo sh -s -- --server ${baseURL} --enroll-secret`);
  await expect(page.getByTestId("empty-fleet")).toContainText(`/api/v1/fleets/${name}/enroll-secrets`);
  await expect(page.getByTestId("no-spec")).toContainText("/spec/capture");

  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await cmd.getByRole("button", { name: "Copy" }).click();
  await expect(cmd.getByRole("button")).toHaveText("Copied");
  await snap(page, "fleet-empty");

  // The new fleet shows up on the scorecard too, asking for hosts.
  await page.goto("/");
  await expect(page.getByTestId(`fleet-card-${name}`)).toContainText("No host has reported yet");
});

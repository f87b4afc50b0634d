import { createHash } from "node:crypto";
import { expect, test, type PlaywrightWorkerArgs } from "@playwright/test";
import { agentReport, IMMUTABLE, snap, STATE } from "./helpers";

// Images as the spec in the real browser: the demo's immutable fleet shows its versions as image digests; on a fleet
// of its own, an operator sees the uploaded images on the fleet page, publishes one as the spec, and finds its
// digest and tag on the spec page.

const BASH = { manager: "dpkg", name: "bash", version: "5.2.15-2+b7", arch: "amd64" };
const CURL = { manager: "dpkg", name: "curl", version: "7.88.1-10+deb12u8", arch: "amd64" };
/** Digests are unique server-wide: each run's own. */
const digestOf = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;

/** A fleet (made by an admin) with two images uploaded by an operator, the first published as v1. */
async function fleetWithImages(playwright: PlaywrightWorkerArgs["playwright"], baseURL: string) {
  const origin = { origin: baseURL };
  const admin = await playwright.request.newContext({ baseURL, storageState: STATE.admin });
  const fleet = `e2e-img-${Date.now().toString(36)}`;
  expect((await admin.post("/api/v1/fleets", { headers: origin, data: { name: fleet, strategy: "immutable" } })).status()).toBe(201);
  await admin.dispose();
  const operator = await playwright.request.newContext({ baseURL, storageState: STATE.operator });
  const uploads = [
    { digest: digestOf(`${fleet}/1`), tag: "registry.e2e/web:1", packages: [BASH], publish: 1 },
    { digest: digestOf(`${fleet}/2`), tag: "registry.e2e/web:2", packages: [BASH, CURL], publish: 0 },
  ];
  for (const u of uploads) {
    const data = { ...agentReport("image", "0".repeat(32), u.packages), machineId: null, image: { digest: u.digest, tag: u.tag, format: "oci" } };
    const r = await operator.post(`/api/v1/images?fleet=${fleet}&publish=${u.publish}`, { headers: origin, data });
    expect(r.status(), await r.text()).toBe(201);
  }
  await operator.dispose();
  return { fleet, first: uploads[0].digest, second: uploads[1].digest };
}

test("the demo's immutable fleet shows its spec versions as image digests", async ({ page }) => {
  await page.goto(`/fleets/${IMMUTABLE}/spec`);
  const versions = page.getByTestId("spec-version");
  await expect(versions.first().getByTestId("spec-version-image")).toContainText(/sha256:[0-9a-f]{12}/);
  await expect(versions.first().getByTestId("spec-version-image-tag")).toContainText("registry.demo.fleetprint/web:");
  await expect(versions.first().getByTestId("spec-version-source")).toHaveText("published from image");
  await page.goto(`/fleets/${IMMUTABLE}`);
  await expect(page.getByTestId("fleet-image").first()).toContainText(/sha256:[0-9a-f]{12}/);
  // A viewer sees the images, not the button.
  await expect(page.getByTestId("publish-image")).toHaveCount(0);
});

test.describe("publishing an image as operator", () => {
  test.use({ storageState: STATE.operator });

  test("publish as spec from the fleet page; the spec page shows the digest and tag", async ({ page, playwright, baseURL }) => {
    const { fleet, first, second } = await fleetWithImages(playwright, baseURL!);
    await page.goto(`/fleets/${fleet}`);
    const images = page.getByTestId("fleet-image");
    await expect(images).toHaveCount(2);
    const current = images.filter({ hasText: first.slice(0, 19) });
    await expect(current.getByTestId("image-is-spec")).toHaveText("current spec");
    const next = images.filter({ hasText: second.slice(0, 19) });
    await next.getByTestId("publish-image").click();
    await expect(next.getByTestId("publish-image-result")).toHaveText("Published as spec v2.");
    await snap(page, "images-published");

    await page.goto(`/fleets/${fleet}/spec`);
    const v2 = page.getByTestId("spec-version").filter({ hasText: "v2" });
    await expect(v2.getByTestId("spec-version-image")).toContainText(second.slice(0, 19));
    await expect(v2.getByTestId("spec-version-image-tag")).toHaveText("registry.e2e/web:2");
    await expect(page.getByTestId("spec-version").filter({ hasText: "v1" }).getByTestId("spec-version-image-tag")).toHaveText("registry.e2e/web:1");
  });
});

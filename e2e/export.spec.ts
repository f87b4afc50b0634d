import fs from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { MUTABLE, snap, visibleHostnames } from "./helpers";

/** Opens the export menu and downloads one format; returns the saved file's name and bytes. */
async function exportAs(page: Page, format: "csv" | "json" | "md" | "pdf", scope = page.locator("body")) {
  await scope.getByTestId("export-menu").click();
  const [download] = await Promise.all([page.waitForEvent("download"), scope.getByTestId(`export-${format}`).click()]);
  return { name: download.suggestedFilename(), bytes: await fs.readFile((await download.path())!) };
}

const STAMP = String.raw`\d{4}-\d{2}-\d{2}T\d{4}Z`;

test.describe("drift export", () => {
  test("exports exactly the hosts the fleet table shows, filters and search included", async ({ page }) => {
    await page.goto(`/fleets/${MUTABLE}?snowflake=1&q=web-`);
    const shown = await visibleHostnames(page);
    expect(shown.length).toBeGreaterThan(0);
    await page.getByTestId("export-menu").click();
    // Every entry is a real link to the API carrying the table's filters.
    for (const f of ["csv", "json", "md", "pdf"]) {
      await expect(page.getByTestId(`export-${f}`)).toHaveAttribute("href", `/api/v1/exports/drift?fleet=${MUTABLE}&snowflake=1&q=web-&format=${f}`);
    }
    await snap(page, "export-menu");
    await page.keyboard.press("Escape");

    const { name, bytes } = await exportAs(page, "csv");
    expect(name).toMatch(new RegExp(`^fleetprint-drift-${MUTABLE}-snowflakes-q-web-${STAMP}\\.csv$`));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").trimEnd().split("\r\n");
    expect(lines[0]).toBe("fleet,host,kind,subject,expected,actual,direction,first_seen,snowflake_score,explain,differs_since,differs_since_version,reporting,last_seen,source");
    const hosts = new Set(lines.slice(1).map((l) => l.split(",")[1]));
    expect([...hosts].sort()).toEqual([...shown].sort());
    await expect(page.getByTestId("export-done")).toContainText(/Saved · \d+ (B|KB|MB)/);
  });

  test("shows bytes received while a slow download streams, then saves the PDF", async ({ page }) => {
    await page.goto(`/fleets/${MUTABLE}`);
    // A slow link (24 KB/s) makes the stream take a few seconds, long enough to watch the progress.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 20, downloadThroughput: 24 * 1024, uploadThroughput: -1 });
    await page.getByTestId("export-menu").click();
    const downloading = page.waitForEvent("download", { timeout: 45_000 });
    await page.getByTestId("export-pdf").click();
    await expect(page.getByTestId("export-progress")).toBeVisible();
    await expect(page.getByTestId("export-bytes")).toHaveText(/^PDF: [1-9][\d.]* (KB|MB) · 40 hosts$/);
    await snap(page, "export-progress");
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(new RegExp(`^fleetprint-drift-${MUTABLE}-${STAMP}\\.pdf$`));
    const pdf = await fs.readFile((await download.path())!);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    await expect(page.getByTestId("export-done")).toBeVisible();
  });

  test("the overview exports every fleet", async ({ page }) => {
    await page.goto("/");
    const { name, bytes } = await exportAs(page, "json", page.getByTestId("export-all"));
    expect(name).toMatch(new RegExp(`^fleetprint-drift-all-fleets-${STAMP}\\.json$`));
    const doc = JSON.parse(bytes.toString("utf8"));
    expect(doc.fleets.map((f: { name: string }) => f.name)).toEqual(expect.arrayContaining(["web-immutable", MUTABLE]));
    expect(doc.hosts.length).toBe(doc.totalHosts);
  });
});

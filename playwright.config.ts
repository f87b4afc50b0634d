import { defineConfig } from "@playwright/test";
import { DEMO_PASSWORD } from "./e2e/helpers";

// Drives the system Chromium: browser downloads are not possible (or wanted) in CI here. The server runs the
// production build against a fresh data folder, so the demo seeder runs exactly as on a first start.
const PORT = Number(process.env.FLEETPRINT_E2E_PORT ?? 3107); // several checkouts can run their browser suites side by side
const DATA_DIR = ".data-e2e";

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false, // one server, one PGlite: tests share its data
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1280, height: 900 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  // Sign-in happens once per demo account (auth.setup.ts); the other tests start signed in from its saved state.
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts/ },
    { name: "chromium", dependencies: ["setup"], use: { storageState: "e2e/.auth/viewer.json" } },
  ],
  webServer: {
    // `next build` must have run (npm run build); the data folder is wiped so every run starts from the demo seed.
    command: `rm -rf ${DATA_DIR} && node scripts/server.mjs -H 127.0.0.1 -p ${PORT}`,
    url: `http://127.0.0.1:${PORT}`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      FLEETPRINT_DATA_DIR: DATA_DIR,
      FLEETPRINT_ADMIN_TOKEN: "e2e-admin-token",
      FLEETPRINT_DEMO_PASSWORD: DEMO_PASSWORD,
      NODE_ENV: "production",
      DATABASE_URL: "", // never point the e2e run at a real database that happens to be configured
      FLEETPRINT_OUTBOUND_ALLOW: "127.0.0.1", // the alert tests' receivers listen on loopback
    },
  },
});

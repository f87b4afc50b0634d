import { execFileSync } from "node:child_process";
import { defineConfig } from "@playwright/test";
import { DEMO_PASSWORD } from "./e2e/helpers";

// Drives the system Chromium: browser downloads are not possible (or wanted) in CI here. The server runs the
// production build against a fresh data folder, so the demo seeder runs exactly as on a first start.
const PORT = e2ePort();
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
      // Every browser signs in from 127.0.0.1: the per-address budget (20 failures in 15 min) would otherwise be
      // shared by all tests, so the wrong passwords of the sign-in tests could lock out the sign-ins of later ones
      // (or of a repeated run). The per-account limit, which e2e/sign-in-limits.spec.ts checks, stays as shipped.
      FLEETPRINT_SIGNIN_MAX_PER_ADDRESS: "1000",
    },
  },
});

/**
 * FLEETPRINT_E2E_PORT, or a port nothing listens on now, so several checkouts can run their suites side by side.
 * This file is evaluated in the runner and again in every worker: the runner picks the port and puts it in its
 * environment, which the workers inherit, so all of them agree (e2e/free-port.spec.ts checks it). Synchronous,
 * because the config is: a short-lived node asks the system for a free port and prints it.
 */
function e2ePort(): number {
  const given = process.env.FLEETPRINT_E2E_PORT;
  if (given) {
    const port = Number(given);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`FLEETPRINT_E2E_PORT must be a TCP port (1-65535), not "${given}"`);
    return port;
  }
  const probe = 'const s = require("node:net").createServer(); s.listen(0, "127.0.0.1", () => { process.stdout.write(String(s.address().port)); s.close(); });';
  const port = execFileSync(process.execPath, ["-e", probe], { encoding: "utf8" }).trim();
  process.env.FLEETPRINT_E2E_PORT = port;
  return Number(port);
}

import { defineConfig } from "vitest/config";
import path from "node:path";

/** Integration suites that spawn their own server processes (vitest project "processes"). */
const PROCESS_SUITES = ["tests/integration/backup-restore.test.ts", "tests/integration/rebuild-restart.test.ts", "tests/integration/data-dir-lock.test.ts"];

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      // Outside Next's react-server condition the marker throws on import; tests load server modules directly.
      "server-only": path.resolve(__dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        // The agent's tests run real shells, tar, umoci and local servers: 5 s is too little on a busy 2-core machine.
        // A timeout only catches a hang here; no test asserts a duration.
        test: { name: "unit", include: ["lib/**/*.test.ts", "model/**/*.test.ts", "agent/**/*.test.ts", "db/**/*.test.ts", "deploy/**/*.test.ts", "eslint/**/*.test.ts"], environment: "node", testTimeout: 30_000 },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          exclude: PROCESS_SUITES,
          globalSetup: ["tests/integration/global-setup.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        // Suites that start servers of their own (no shared HTTP servers): `npm test` runs them after the browser
        // tests, beside the rest of the integration tests, so both of CI's two cores stay busy to the end.
        extends: true,
        test: {
          name: "processes",
          include: PROCESS_SUITES,
          globalSetup: ["tests/integration/template-setup.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

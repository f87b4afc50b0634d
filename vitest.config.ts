import { defineConfig } from "vitest/config";
import path from "node:path";

/**
 * Integration suites that use none of the shared HTTP servers (vitest project "standalone"): the ones that start
 * servers of their own, and in-process ones enough to even out CI's two lanes (package.json "test").
 */
const STANDALONE_SUITES = ["backup-restore", "rebuild-restart", "data-dir-lock", "services"].map((f) => `tests/integration/${f}.test.ts`);

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
        // The agent's tests run real shells, tar, umoci and local servers: 5 s is too little on a busy 2-core machine
        // (in CI the browser tests run beside them), and so is 10 s for a hook that opens an embedded database.
        // A timeout only catches a hang here; no test asserts a duration.
        test: { name: "unit", include: ["lib/**/*.test.ts", "model/**/*.test.ts", "agent/**/*.test.ts", "db/**/*.test.ts", "deploy/**/*.test.ts", "eslint/**/*.test.ts"], environment: "node", testTimeout: 30_000, hookTimeout: 60_000 },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          exclude: STANDALONE_SUITES,
          globalSetup: ["tests/integration/global-setup.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        // `npm test` runs these after the browser tests, beside the rest of the integration tests, so both of CI's two
        // cores stay busy to the end; they need only the migrated database template.
        extends: true,
        test: {
          name: "standalone",
          include: STANDALONE_SUITES,
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

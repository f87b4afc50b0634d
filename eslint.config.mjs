// Lint: the language rules, React's hook rules, Next's rules, and the layer rules that keep the code in the shape
// README "Lint" describes. Not type-aware on purpose (fast: `npm run lint` runs tsc besides, which checks types).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import next from "@next/eslint-plugin-next";
import globals from "globals";
import { LAYERS, SERVER_MODULES } from "./eslint/layers.mjs";
import fleetprint from "./eslint/plugin.mjs";

/** One `no-restricted-imports` per layer: a later config object would replace, not add to, an earlier one's list. */
const layer = ({ files, ignores, patterns }) => ({
  files,
  ...(ignores ? { ignores } : {}),
  rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns }] },
});

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "test-results/**",
      "playwright-report/**",
      "coverage/**",
      "public/**",
      ".data*/**",
      "db/migrations/**",
      "next-env.d.ts",
      "**/*.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // React code lives in app/ and components/; the hook rules run React's compiler, too slow to spend on the rest.
  { files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"], ...reactHooks.configs.flat.recommended },
  next.configs["core-web-vitals"],
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { fleetprint },
    rules: {
      // `_`-prefixed names say "unused on purpose" (a destructured field left out, an interface's argument).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true }],
      // A disable comment must say why: `// eslint-disable-next-line rule -- reason`.
      "fleetprint/disable-needs-reason": "error",
      "fleetprint/no-server-code-in-client": ["error", { modules: SERVER_MODULES }],
    },
  },
  ...LAYERS.map(layer),
  {
    // The modules that must never reach the browser carry the marker (README "Lint"); their tests run outside Next.
    files: ["db/client.ts", "lib/{server,services,jobs,providers,alerts,reports,demo}/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: { "fleetprint/server-only-marker": "error" },
  },
  {
    // Tests read whatever JSON an answer holds and poke at reports to break them; `any` at a boundary stays banned in
    // the app itself.
    files: ["**/*.test.ts", "tests/**", "e2e/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Plain node scripts and configs are CommonJS or ESM outside the app's module graph.
    files: ["**/*.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);

#!/usr/bin/env node
// Bundles the parse thread's entry (lib/server/report-thread.ts) into .next, where the production server starts it
// (lib/server/report-threads.ts). Runs after `next build`, which empties .next first.
import { build } from "esbuild";

// `node scripts/build-report-thread.mjs [OUTFILE]`: tests bundle into a folder of their own.
const outfile = process.argv[2] ?? ".next/fleetprint-report-thread.cjs";

await build({
  entryPoints: ["lib/server/report-thread.ts"],
  outfile,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  minify: !process.env.FLEETPRINT_THREAD_READABLE, // FLEETPRINT_THREAD_READABLE=1: real names in a CPU profile
  sourcemap: true,
  logLevel: "warning",
  // Plain node, not Next's react-server layer: the `server-only` marker its modules import is the empty module.
  alias: { "server-only": "./node_modules/server-only/empty.js" },
});

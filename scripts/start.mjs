#!/usr/bin/env node
// `npm start`: build once if there is no production build, then serve. The server itself migrates the
// database, prints the admin token on first start and seeds the demo on an empty database (instrumentation.ts).
import { spawnSync, spawn } from "node:child_process";
import fs from "node:fs";
import { serverNodeArgs } from "./server-node-args.mjs";

const next = "node_modules/next/dist/bin/next";
if (!fs.existsSync(".next/BUILD_ID") || process.env.FLEETPRINT_REBUILD === "1") {
  console.log("[fleetprint] No production build yet: running `next build` (about a minute)…");
  const r = spawnSync(process.execPath, [next, "build"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
// The parse threads' bundle (npm run build makes it too; next build alone empties .next without it).
if (!fs.existsSync(".next/fleetprint-report-thread.cjs")) {
  const r = spawnSync(process.execPath, ["scripts/build-report-thread.mjs"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const port = process.env.PORT || "3000";
// scripts/server.mjs: Next behind a listener that answers the agents' routes before Next's router.
let nodeArgs;
try {
  nodeArgs = serverNodeArgs();
} catch (e) {
  console.error(`[fleetprint] ${e.message}`);
  process.exit(1);
}
const child = spawn(process.execPath, [...nodeArgs, "scripts/server.mjs", "-p", port, ...process.argv.slice(2)], { stdio: "inherit" });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));

#!/usr/bin/env node
// Completes .next/standalone (Next's `output: "standalone"`) into the folder the Docker image and a plain VM run:
// Next traces the server's node_modules but leaves out the browser assets (.next/static, public/) by design, and
// knows nothing of Fleetprint's own listener or its parse thread. Runs last in `npm run build`.
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const out = ".next/standalone";
if (!fs.existsSync(path.join(out, "server.js"))) {
  console.error(`[fleetprint] ${out}/server.js is missing: next.config.js must keep output: "standalone" (npm run build runs next build first).`);
  process.exit(1);
}

// [from, to inside the bundle]: the server reads each of them at run time relative to its folder.
const copies = [
  [".next/static", ".next/static"], // hashed JS/CSS chunks the pages load
  ["public", "public"],
  [".next/fleetprint-report-thread.cjs", ".next/fleetprint-report-thread.cjs"], // lib/server/report-threads.ts
  ["scripts/server.mjs", "scripts/server.mjs"],
  ["agent/fleetprint-agent.sh", "agent/fleetprint-agent.sh"], // served at /agent.sh
  ["db/migrations", "db/migrations"], // applied at start (db/client.ts); traced today, copied so it cannot go missing
  ["fixtures/debian-12", "fixtures/debian-12"], // the demo's base image (lib/demo/seed-demo.ts)
];
for (const [from, to] of copies) {
  if (!fs.existsSync(from)) {
    console.error(`[fleetprint] ${from} is missing; run \`npm run build\` (it builds the parse thread before this step).`);
    process.exit(1);
  }
  fs.cpSync(from, path.join(out, to), { recursive: true, force: true });
}
// The demo fleets' rebuild command (lib/demo/demo-rebuild-policy.ts) runs through tsx in a checkout; the bundle
// has no tsx, so it gets the script bundled for plain node.
await build({
  entryPoints: ["scripts/demo-rebuild.ts"],
  outfile: path.join(out, "scripts", "demo-rebuild.cjs"),
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  minify: true,
  logLevel: "warning",
  // Plain node, not Next's react-server layer: the `server-only` marker its modules import is the empty module.
  alias: { "server-only": "./node_modules/server-only/empty.js" },
});
fs.copyFileSync("scripts/standalone-entry.cjs", path.join(out, "server.js"));
console.log(`[fleetprint] standalone server ready: node ${out}/server.js`);

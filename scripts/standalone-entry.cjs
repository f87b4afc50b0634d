// The standalone bundle's entry: scripts/build-standalone.mjs writes this file as .next/standalone/server.js, over
// the one `next build` writes, so `node .next/standalone/server.js [-p PORT] [-H HOST]` (the Docker image's command,
// the systemd unit's, the HTTP integration suite's) starts Fleetprint's own listener, scripts/server.mjs, with its
// machine routes, parse threads, worker, data-folder lock and graceful stop, not Next's plain server.
const path = require("node:path");

// Relative paths an operator passes mean the folder they started in. Resolved before the chdir below, so a default
// `.data` never lands inside .next/standalone, which the next build deletes with everything in it.
process.env.FLEETPRINT_DATA_DIR = path.resolve(process.env.FLEETPRINT_DATA_DIR?.trim() || ".data");
if (process.env.FLEETPRINT_PDF_FONT?.trim()) process.env.FLEETPRINT_PDF_FONT = path.resolve(process.env.FLEETPRINT_PDF_FONT.trim());

// What Next's own standalone server.js does: run from this folder (the app reads agent/, db/migrations and .next
// relative to it) with the configuration the build recorded, since next.config.js is not part of the bundle.
process.env.NODE_ENV = "production";
process.chdir(__dirname);
process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(require("./.next/required-server-files.json").config);

import("./scripts/server.mjs").catch((e) => {
  console.error("[fleetprint] could not start", e);
  process.exit(1);
});

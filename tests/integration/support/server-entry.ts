// How the test servers start: the standalone bundle's entry, exactly as the Docker image and the systemd unit start
// it (Dockerfile CMD, deploy/fleetprint.service), so the HTTP suite tests the artifact that ships.
import fs from "node:fs";

export const STANDALONE_ENTRY = ".next/standalone/server.js";

/** argv for `node …`; throws with what to run when the build has no complete standalone bundle. */
export function serverArgs(port: number, host = "127.0.0.1"): string[] {
  // scripts/server.mjs inside the bundle is the last thing scripts/build-standalone.mjs puts there: without it the
  // bundle is a bare `next build` (Next's own server.js, no machine routes, no static assets).
  if (!fs.existsSync(STANDALONE_ENTRY) || !fs.existsSync(".next/standalone/scripts/server.mjs")) {
    throw new Error(`The HTTP integration tests run the standalone bundle (${STANDALONE_ENTRY}), which this build lacks: run \`npm run build\` (next build alone does not complete it).`);
  }
  return [STANDALONE_ENTRY, "-p", String(port), "-H", host];
}

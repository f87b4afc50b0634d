// `npm run restore -- --in FILE --data-dir DIR`: unpacks a dump of `npm run backup` into a NEW data folder (a
// non-empty one is refused, so nothing is overwritten), opens it once to replay its WAL and counts what it holds.
// Start the server on it with FLEETPRINT_DATA_DIR=DIR; it applies newer migrations itself.
import fs from "node:fs";
import { restoreDataFolder, restoreTargetProblem } from "@/db/backup";
import { looksGzipped, parseRestoreArgs } from "@/lib/core/backup-args";

const COUNTED = ["hosts", "fingerprints", "fleets", "specs", "rebuild_requests", "users", "audit_log"] as const;

const fail = (message: string): never => {
  console.error(`[fleetprint] ${message}`);
  process.exit(1);
};

async function main() {
  const parsed = parseRestoreArgs(process.argv.slice(2));
  if (!parsed.ok) return fail(parsed.message);
  const { in: file, dataDir } = parsed.args;
  if (!fs.existsSync(file)) fail(`${file} does not exist.`);
  const problem = restoreTargetProblem(dataDir);
  if (problem) fail(problem);
  const bytes = fs.readFileSync(file);
  if (!looksGzipped(bytes.subarray(0, 2))) fail(`${file} is not a gzipped dump made by npm run backup.`);
  const counts = await restoreDataFolder(dataDir, new Blob([bytes]), COUNTED).catch((e: Error) => fail(`Could not restore ${file}: ${e.message}`));
  console.log(`[fleetprint] Restored into ${dataDir}: ${Object.entries(counts).map(([t, n]) => `${n} ${t}`).join(", ")}.`);
  console.log(`[fleetprint] Start the server on it: FLEETPRINT_DATA_DIR=${dataDir} (with the same BETTER_AUTH_SECRET, or everyone signs in again).`);
}

main().catch((e) => fail(e instanceof Error ? e.message : String(e)));

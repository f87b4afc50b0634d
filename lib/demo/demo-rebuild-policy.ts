import "server-only";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { fleets } from "@/db/schema";
import type { Db } from "@/db/client";

/**
 * The demo fleets rebuild through the `command` provider running scripts/demo-rebuild.ts, which plays the
 * part of Terraform/Packer: it "boots" a machine from the spec file and lets its agent enrol and report.
 */
/**
 * The standalone bundle has no tsx: scripts/build-standalone.mjs bundles the script for plain node there. In a
 * checkout tsx runs it under the react-server condition, where `import "server-only"` is the empty module.
 */
function demoRebuildCommand(root: string): string[] {
  const bundled = path.join(root, "scripts", "demo-rebuild.cjs");
  if (fs.existsSync(bundled)) return [process.execPath, bundled];
  return [path.join(root, "node_modules", ".bin", "tsx"), "--conditions=react-server", "--tsconfig", path.join(root, "tsconfig.json"), path.join(root, "scripts", "demo-rebuild.ts")];
}

export async function configureDemoRebuilds(db: Db, secrets: Record<string, string>, secretsFile?: string) {
  const root = process.cwd();
  if (secretsFile) {
    fs.mkdirSync(path.dirname(secretsFile), { recursive: true });
    fs.writeFileSync(secretsFile, JSON.stringify(secrets), { mode: 0o600 });
  }
  const provider = {
    kind: "command" as const,
    argv: [...demoRebuildCommand(root), "{hostname}", "{fleet}", "{specFile}"],
    timeoutSeconds: 120,
    cwd: root, // the script reads the repo's fixtures
    passEnv: ["DEMO_REBUILD_DELAY_MS"],
    env: (secretsFile ? { FLEETPRINT_DEMO_SECRETS: secretsFile } : {}) as Record<string, string>,
  };
  await db.update(fleets).set({ provider, batchSize: 5, canary: true, verifyMinutes: 10, approvalsRequired: 1 }).where(eq(fleets.name, "web-mutable"));
  await db.update(fleets).set({ provider, batchSize: 4, canary: true, verifyMinutes: 10, approvalsRequired: 1 }).where(eq(fleets.name, "web-immutable"));
}

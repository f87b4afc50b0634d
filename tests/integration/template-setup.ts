// The one global setup of the suites that need no shared HTTP server (vitest project "standalone"), and the first
// step of global-setup.ts: a PGlite data folder migrated once for the run, which support/databases.ts copies.
// A fresh embedded database costs ~3-8 s of CPU (initdb inside WASM, then every migration); opening a copy costs
// ~0.5 s. The migrations still run from nothing here, in every server global-setup.ts starts, and openDb still
// checks them on every copy.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDb } from "@/db/client";

declare module "vitest" {
  export interface ProvidedContext {
    /** A PGlite data folder migrated once for this run: openTestDb copies it (support/databases.ts). */
    pgliteTemplate: string;
  }
}

/** Provides `pgliteTemplate`; the returned function removes it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fp-template-"));
  const h = await openDb({ kind: "pglite", dataDir: dir });
  await h.close();
  project.provide("pgliteTemplate", dir);
  return async () => fs.rmSync(dir, { recursive: true, force: true });
}

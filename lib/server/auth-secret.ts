// The key better-auth signs session cookies with. BETTER_AUTH_SECRET wins; otherwise one is generated at first
// start and kept in the data folder (mode 0600), like the bootstrap admin token. Several app instances behind one
// Postgres must share it: set BETTER_AUTH_SECRET on all of them.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "@/db/driver";

const g = globalThis as unknown as { __fleetprintAuthSecret?: string };

export function getAuthSecret(): string {
  if (g.__fleetprintAuthSecret) return g.__fleetprintAuthSecret;
  const fromEnv = process.env.BETTER_AUTH_SECRET?.trim();
  if (fromEnv) return (g.__fleetprintAuthSecret = fromEnv);
  const dir = dataDir(process.env, process.cwd());
  const file = path.join(dir, "auth-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    // Written aside then hard-linked: link() fails if the file exists, so two processes starting on one folder
    // agree on one secret and neither ever reads a half-written file.
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, randomBytes(32).toString("base64url") + "\n", { mode: 0o600 });
    try {
      fs.linkSync(tmp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  return (g.__fleetprintAuthSecret = fs.readFileSync(file, "utf8").trim());
}

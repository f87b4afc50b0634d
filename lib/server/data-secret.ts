import "server-only";
// A secret taken from the environment, or generated once into the data folder (mode 0600) and kept there.
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "@/db/driver";

export interface DataSecret {
  value: string;
  /** Set when this call generated the file (so the caller can announce it once). */
  createdFile: string | null;
}

export function envOrDataSecret(envName: string, fileName: string, generate: () => string): DataSecret {
  const fromEnv = process.env[envName]?.trim();
  if (fromEnv) return { value: fromEnv, createdFile: null };
  const dir = dataDir(process.env, process.cwd());
  const file = path.join(dir, fileName);
  let created = false;
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    // Written aside then hard-linked: link() fails if the file exists, so two processes starting on one folder
    // agree on one secret and neither ever reads a half-written file.
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, generate() + "\n", { mode: 0o600 });
    try {
      fs.linkSync(tmp, file);
      created = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  return { value: fs.readFileSync(file, "utf8").trim(), createdFile: created ? file : null };
}

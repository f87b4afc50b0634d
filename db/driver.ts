// Which database to talk to, decided from the environment alone (pure: tested without a database).
import path from "node:path";

export type DriverChoice =
  | { kind: "pglite"; dataDir: string }
  | { kind: "postgres"; url: string };

export function chooseDriver(env: Record<string, string | undefined>, cwd: string): DriverChoice {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new Error(`DATABASE_URL must start with postgres:// or postgresql:// (got "${url.slice(0, 20)}…")`);
    }
    return { kind: "postgres", url };
  }
  return { kind: "pglite", dataDir: dataDir(env, cwd) };
}

/** The data folder holds the embedded database and the generated admin token, whichever driver is used. */
export function dataDir(env: Record<string, string | undefined>, cwd: string): string {
  return path.resolve(cwd, env.FLEETPRINT_DATA_DIR?.trim() || ".data");
}

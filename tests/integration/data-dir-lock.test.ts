// The data-folder lock as an operator meets it: `node scripts/server.mjs` twice on one FLEETPRINT_DATA_DIR. The
// second must exit non-zero with the reason (not keep listening and answer 500), and a lock left behind whose PID
// now belongs to another process must not stop the next start.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migratedPgliteDir } from "./support/databases";
import { freePort } from "./support/free-port";

const HTTP = process.env.FLEETPRINT_IT_HTTP !== "0";

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

async function start(dataDir: string): Promise<Started> {
  const port = await freePort();
  const env = { ...process.env, FLEETPRINT_DEMO: "0", FLEETPRINT_WORKER: "0", FLEETPRINT_ADMIN_TOKEN: "lock-test-token", BETTER_AUTH_SECRET: "lock-test-better-auth-secret-0123456789", FLEETPRINT_DATA_DIR: dataDir, DATABASE_URL: "" };
  const child = spawn(process.execPath, ["scripts/server.mjs", "-p", String(port), "-H", "127.0.0.1"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { child, url: `http://127.0.0.1:${port}`, output: () => out, exited };
}

async function waitUp(s: Started) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (s.child.exitCode !== null) throw new Error(`server exited early:\n${s.output()}`);
    try {
      if ((await fetch(`${s.url}/api/v1/openapi.json`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`server did not come up:\n${s.output()}`);
}

async function stop(s: Started) {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  s.child.kill("SIGTERM");
  const timer = setTimeout(() => s.child.kill("SIGKILL"), 5_000);
  await s.exited;
  clearTimeout(timer);
}

describe.skipIf(!HTTP)("the data-folder lock over real processes", () => {
  const dataDir = migratedPgliteDir("fp-lock-http-"); // a first start is global-setup's: seconds less of CPU
  const started: Started[] = [];
  afterAll(async () => {
    await Promise.all(started.map(stop));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("a second server on the same folder exits non-zero and says which process holds it", async () => {
    const first = await start(dataDir);
    started.push(first);
    await waitUp(first);
    const second = await start(dataDir);
    started.push(second);
    const code = await Promise.race([second.exited, new Promise((r) => setTimeout(() => r("still running"), 90_000))]);
    expect(code, second.output()).not.toBe("still running");
    expect(code).not.toBe(0);
    expect(second.output()).toContain(`is in use by process ${first.child.pid}`);
    // The first one is unharmed.
    expect((await fetch(`${first.url}/api/v1/openapi.json`)).status).toBe(200);
    await stop(first);
  });

  it("starts over a lock whose PID now belongs to another process", async () => {
    // This test's own process is a live node process, but not the one that wrote the lock (it started at another time).
    fs.writeFileSync(path.join(dataDir, "fleetprint.lock"), JSON.stringify({ pid: process.pid, start: "1" }));
    const again = await start(dataDir);
    started.push(again);
    await waitUp(again);
    expect((await fetch(`${again.url}/api/v1/openapi.json`)).status).toBe(200);
  });
});

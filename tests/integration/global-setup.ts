// Starts the real app (the standalone bundle's entry, as the Docker image does: support/server-entry.ts) twice: on the embedded PGlite and on a real
// PostgreSQL, so every API test runs over real HTTP against both drivers.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createScratchDb } from "./support/pg";
import { provisionPeople, type People } from "./support/people";
import { freePort } from "./support/free-port";
import { findSecrets } from "./support/log-secrets";
import { PASSWORD } from "./support/people";
import { serverArgs } from "./support/server-entry";
import templateSetup from "./template-setup";

/** FLEETPRINT_ADMIN_TOKEN of the test servers: it only creates users. Tests act through People's API tokens. */
export const BOOTSTRAP_TOKEN = "it-bootstrap-token";
/**
 * FLEETPRINT_TRUSTED_PROXIES of the test servers. The whole of 127.0.0.0/8 is this machine, so a test plays a
 * trusted proxy by connecting from 127.0.0.2, and an untrusted client (whose forwarded headers must count for
 * nothing) from any other 127.x address. Everything else connects from 127.0.0.1, also untrusted.
 */
export const TRUSTED_PROXY = "127.0.0.2";
/** FLEETPRINT_METRICS_TOKEN of the test servers (GET /metrics; they also serve it on FLEETPRINT_METRICS_PORT). */
export const METRICS_TOKEN = "it-metrics-token-0123456789";
const AUTH_SECRET = "it-better-auth-secret-0123456789abcdef";

export interface TestServer {
  kind: "pglite" | "postgres";
  url: string;
  people: People;
  /** GET /metrics on the server's FLEETPRINT_METRICS_PORT. */
  metricsUrl: string;
  /** Everything the server wrote (stdout and stderr), appended as it arrives. */
  logFile: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    servers: TestServer[];
  }
}

async function waitUp(url: string, child: ChildProcess, log: () => string) {
  // A cold start (PGlite init, migrations) takes seconds alone, minutes on a machine shared by several builds.
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${log()}`);
    try {
      const r = await fetch(`${url}/api/v1/openapi.json`);
      if (r.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`server at ${url} did not come up:\n${log()}`);
}

export default async function setup(project: TestProject) {
  const dropTemplate = await templateSetup(project);
  // Local shortcut for in-process suites only (FLEETPRINT_IT_HTTP=0); npm test and CI always start both servers.
  if (process.env.FLEETPRINT_IT_HTTP === "0") {
    project.provide("servers", []);
    return dropTemplate;
  }
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("Integration tests run against the production build: run `npm run build` first (npm test does).");
  serverArgs(0); // fails here, before any database is made, when the build has no standalone bundle
  const children: ChildProcess[] = [];
  const cleanups: (() => Promise<void>)[] = [dropTemplate];
  const servers: TestServer[] = [];
  const pgDb = await createScratchDb("fp_http");
  cleanups.push(pgDb.drop);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "fp-http-"));
  cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  // The servers' logs, kept whole in files: the teardown reads them for secrets (LOG_LEVEL=debug, so every line
  // the app can write is written), and tests/integration/observability.test.ts reads its own lines.
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), "fp-http-logs-"));
  for (const kind of ["pglite", "postgres"] as const) {
    const port = await freePort();
    const metricsPort = await freePort();
    const env = { ...process.env, FLEETPRINT_DEMO: "0", FLEETPRINT_ADMIN_TOKEN: BOOTSTRAP_TOKEN, FLEETPRINT_TRUSTED_PROXIES: TRUSTED_PROXY, BETTER_AUTH_SECRET: AUTH_SECRET, PORT: String(port), FLEETPRINT_DATA_DIR: dataDir, DATABASE_URL: kind === "postgres" ? pgDb.url : "", FLEETPRINT_OUTBOUND_ALLOW: "127.0.0.1", LOG_LEVEL: "debug", FLEETPRINT_METRICS_TOKEN: METRICS_TOKEN, FLEETPRINT_METRICS_PORT: String(metricsPort) }; // fake receivers listen on loopback
    const child = spawn(process.execPath, serverArgs(port), { env, stdio: ["ignore", "pipe", "pipe"] });
    const logFile = path.join(logDir, `${kind}.log`);
    fs.writeFileSync(logFile, "");
    // Appended synchronously as it arrives, so a line the server wrote before answering is in the file once read.
    child.stdout!.on("data", (d) => fs.appendFileSync(logFile, d));
    child.stderr!.on("data", (d) => fs.appendFileSync(logFile, d));
    children.push(child);
    const url = `http://127.0.0.1:${port}`;
    await waitUp(url, child, () => fs.readFileSync(logFile, "utf8"));
    servers.push({ kind, url, people: await provisionPeople(url, BOOTSTRAP_TOKEN), metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`, logFile });
  }
  project.provide("servers", servers);
  return async () => {
    for (const c of children) c.kill("SIGTERM");
    // "close", not "exit": the child's output is all read then.
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null && c.stdout!.readableEnded ? r(null) : c.once("close", r)))));
    const leaks = servers.flatMap((s) => {
      const known = { "the bootstrap token": BOOTSTRAP_TOKEN, BETTER_AUTH_SECRET: AUTH_SECRET, "the metrics token": METRICS_TOKEN, "the test password": PASSWORD, "a person's API token": s.people.admin.token, "a revoked API token": s.people.revokedToken };
      return findSecrets(fs.readFileSync(s.logFile, "utf8"), known).map((l) => `${s.kind} server log: ${l}`);
    });
    for (const f of cleanups) await f();
    if (!leaks.length) fs.rmSync(logDir, { recursive: true, force: true });
    else {
      // A teardown's throw does not fail the run; the exit code does. The logs stay for a person to read.
      console.error(`SECRETS IN THE SERVER LOGS (kept in ${logDir}):\n${leaks.slice(0, 50).join("\n")}`);
      process.exitCode = 1;
      throw new Error(`${leaks.length} secret(s) in the HTTP test servers' logs (see above)`);
    }
  };
}

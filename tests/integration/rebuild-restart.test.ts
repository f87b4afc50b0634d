// A restart in the middle of a provider call, over real processes on both databases: the server is killed with
// SIGKILL while it follows a DigitalOcean rebuild action (the fake's published contract), then started again.
// The new process must follow the same action to its end (no second POST), and the request must end correctly.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDb } from "@/db/client";
import { fleets, hosts } from "@/db/schema";
import type { Principal } from "@/lib/server/principal";
import { approveRebuild } from "@/lib/services/approve-rebuild";
import { SYSTEM } from "@/lib/services/audit";
import { captureSpec } from "@/lib/services/capture-spec";
import { createEnrollSecret } from "@/lib/services/create-enroll-secret";
import { createFleet } from "@/lib/services/create-fleet";
import { enrollHost } from "@/lib/services/enroll-host";
import { authenticateHost, ingestFingerprint } from "@/lib/services/ingest-fingerprint";
import { flushLastSeen } from "@/lib/services/record-last-seen";
import { requestRebuild } from "@/lib/services/request-rebuild";
import { startFakeDigitalOcean, type FakeDigitalOcean } from "@/tests/fakes/digitalocean";
import { DRIVERS, migratedPgliteDir } from "./support/databases";
import { freePort } from "./support/free-port";
import { provisionPeople } from "./support/people";
import { createScratchDb } from "./support/pg";
import { EXTRAS, host, install, report } from "./support/reports";

const HTTP = process.env.FLEETPRINT_IT_HTTP !== "0";
const TOKEN = "dop_v1_restart_test_token";
const ADMIN_TOKEN = "restart-test-admin-token-0123456789abcdef";
const person = (id: string, role: Principal["role"]): Principal => ({ userId: id, email: `${id}@example.test`, name: id, role, via: "session" });
const olivia = person("olivia", "operator");
const alice = person("alice", "approver");

interface Server {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<unknown>;
}

async function start(env: NodeJS.ProcessEnv): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ["scripts/server.mjs", "-p", String(port), "-H", "127.0.0.1"], { env: { ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise((r) => child.once("exit", r));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${out}`);
    try {
      if ((await fetch(`${url}/api/v1/openapi.json`)).ok) return { child, url, output: () => out, exited };
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not come up:\n${out}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!HTTP).each(DRIVERS)("a restart during a provider call on %s", (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const f of cleanups.reverse()) await f().catch(() => {});
  });

  it("kill -9 while the droplet rebuilds: the next process follows the same action, the request ends verified", async () => {
    const fake: FakeDigitalOcean = await startFakeDigitalOcean({ token: TOKEN, droplets: [7001], pollsBeforeDone: Infinity });
    cleanups.push(async () => fake.close());
    // The database, prepared in-process (then closed: the server takes it over).
    let choice: Parameters<typeof openDb>[0];
    let dataDir = "";
    if (kind === "pglite") {
      dataDir = migratedPgliteDir("fp-restart-");
      cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
      choice = { kind: "pglite", dataDir };
    } else {
      const scratch = await createScratchDb("fp_restart");
      cleanups.push(scratch.drop);
      choice = { kind: "postgres", url: scratch.url };
    }
    const h = await openDb(choice);
    await createFleet(h.db, SYSTEM, { name: "rs", strategy: "immutable" });
    const { secret } = await createEnrollSecret(h.db, SYSTEM, "rs");
    const keys: Record<string, string> = {};
    for (const name of ["rs-clean", "rs-1"]) {
      keys[name] = (await enrollHost(h.db, null, { secret, hostname: name, machineId: null })).hostKey;
      const st = host(name);
      if (name === "rs-1") install(st, EXTRAS.debugging);
      await ingestFingerprint(h.db, await authenticateHost(h.db, keys[name]), report(st));
    }
    await flushLastSeen(h.db);
    await captureSpec(h.db, SYSTEM, "rs", "rs-clean");
    await h.db.update(hosts).set({ providerRef: "7001" }).where(eq(hosts.hostname, "rs-1"));
    const provider = { kind: "digitalocean" as const, image: "ubuntu-24-04-x64", tokenEnv: "DIGITALOCEAN_TOKEN", apiBase: fake.url, pollIntervalSeconds: 0.2, timeoutSeconds: 300 };
    await h.db.update(fleets).set({ provider, verifyMinutes: 10 }).where(eq(fleets.name, "rs"));
    const r = await requestRebuild(h.db, olivia, { name: olivia.email, ip: null }, { hosts: ["rs-1"], reason: "restart test" });
    await approveRebuild(h.db, alice, { name: alice.email, ip: null }, r.id, null);
    await h.close();

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      FLEETPRINT_DEMO: "0",
      FLEETPRINT_ADMIN_TOKEN: ADMIN_TOKEN,
      BETTER_AUTH_SECRET: "restart-test-better-auth-secret-0123456789",
      FLEETPRINT_DATA_DIR: dataDir || fs.mkdtempSync(path.join(os.tmpdir(), "fp-restart-unused-")),
      DATABASE_URL: choice.kind === "postgres" ? choice.url : "",
      FLEETPRINT_OUTBOUND_ALLOW: "127.0.0.1",
      DIGITALOCEAN_TOKEN: TOKEN,
      FLEETPRINT_JOB_LEASE_SECONDS: "3",
      FLEETPRINT_WORKER_POLL_MS: "200",
    };
    let server = await start(env);
    cleanups.push(async () => {
      server.child.kill("SIGKILL");
      await server.exited;
    });
    // An admin's API token (made through the bootstrap token, as an operator would) to read the request's page data.
    const { admin } = await provisionPeople(server.url, ADMIN_TOKEN);
    const get = async () => {
      const res = await fetch(`${server.url}/api/v1/rebuilds/${r.id}`, { headers: { authorization: `Bearer ${admin.token}` } });
      expect(res.status).toBe(200);
      return (await res.json()) as { status: string; hosts: { status: string; attempts: { kind: string; outcome: string | null; externalId: string | null }[]; log: string }[] };
    };
    // In flight: the action was created and is being followed.
    await until("the provider call to be in flight", async () => (fake.calls.some((c) => c.method === "GET" && c.path.startsWith("/v2/actions/")) ? true : undefined));
    expect(fake.calls.filter((c) => c.method === "POST")).toHaveLength(1);
    server.child.kill("SIGKILL");
    await server.exited;

    const [action] = [...fake.actions.values()];
    action.pollsLeft = 2; // the droplet finishes while the server is down
    fake.options.pollsBeforeDone = 2;
    server = await start(env);
    const done = await until("the host to be verifying", async () => {
      const d = await get();
      return d.hosts[0].status === "verifying" ? d : undefined;
    });
    expect(fake.calls.filter((c) => c.method === "POST")).toHaveLength(1);
    expect(done.hosts[0].attempts.map((a) => `${a.kind}:${a.outcome}`)).toEqual(["call:interrupted", "resume:succeeded"]);
    expect(done.hosts[0].attempts[1].externalId).toBe(String(action.id));
    expect(done.hosts[0].log).toMatch(new RegExp(`following ${action.id}, which an earlier call started; not starting another`));

    // The rebuilt host reports the spec's content: verified, the request succeeded.
    const st = host("rs-1");
    const res = await fetch(`${server.url}/api/v1/fingerprints`, { method: "POST", headers: { authorization: `Bearer ${keys["rs-1"]}`, "content-type": "application/json" }, body: JSON.stringify(report(st)) });
    expect(res.status).toBe(202);
    expect((await until("the request to succeed", async () => ((await get()).status === "succeeded" ? true : undefined))) as boolean).toBe(true);
  }, 240_000);
});

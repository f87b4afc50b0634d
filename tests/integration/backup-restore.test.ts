// Backups of the embedded database as an operator takes them: data made over HTTP on a running server (standalone
// entry, PGlite), `npm run backup` while it runs (the folder is locked, so the script asks the server), `npm run
// restore` into a fresh folder, a second server on that folder: every host, fingerprint, spec, request and audit
// entry is there, and what happened after the backup is not (the dump is one moment, not a copy in motion).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migratedPgliteDir } from "./support/databases";
import { freePort } from "./support/free-port";
import { provisionPeople } from "./support/people";
import { EXTRAS, host, install, report } from "./support/reports";
import { serverArgs } from "./support/server-entry";

const HTTP = process.env.FLEETPRINT_IT_HTTP !== "0";
const BOOT = "backup-test-bootstrap";
const SECRET = "backup-test-better-auth-secret-0123456789";

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

async function start(dataDir: string): Promise<Started> {
  const port = await freePort();
  // No lag refusals (503): this test is about backups, and a busy machine must not fail it.
  const env = { ...process.env, FLEETPRINT_MAX_LAG_MS: "60000", FLEETPRINT_DEMO: "0", FLEETPRINT_WORKER: "0", FLEETPRINT_ADMIN_TOKEN: BOOT, BETTER_AUTH_SECRET: SECRET, FLEETPRINT_DATA_DIR: dataDir, DATABASE_URL: "", PORT: String(port) };
  const child = spawn(process.execPath, serverArgs(port), { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const s = { child, url: `http://127.0.0.1:${port}`, output: () => out };
  const deadline = Date.now() + 300_000; // minutes on a busy machine
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${out}`);
    if (await fetch(`${s.url}/api/v1/openapi.json`).then((r) => r.ok, () => false)) return s;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`server did not come up:\n${out}`);
}

async function stop(s: Started) {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  const exited = new Promise((r) => s.child.once("exit", r));
  s.child.kill("SIGTERM");
  const timer = setTimeout(() => s.child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/** `npm run backup|restore -- …` as an operator runs it (tsx on the script, in the repository). */
function script(name: "backup" | "restore", args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", `scripts/${name}.ts`, ...args], { env: { ...process.env, DATABASE_URL: "", ...env }, encoding: "utf8", timeout: 180_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

function caller(url: string, token: string) {
  return async (method: string, p: string, body?: unknown, as = token) => {
    const r = await fetch(url + p, { method, headers: { authorization: `Bearer ${as}`, ...(body === undefined ? {} : { "content-type": "application/json" }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    return { status: r.status, json: text.startsWith("{") ? JSON.parse(text) : null, text };
  };
}

describe.skipIf(!HTTP)("backup and restore of the embedded database", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "fp-backup-"));
  const live = migratedPgliteDir("fp-backup-live-");
  const started: Started[] = [];
  afterAll(async () => {
    await Promise.all(started.map(stop));
    for (const dir of [root, live]) fs.rmSync(dir, { recursive: true, force: true });
  });

  // Two server starts and three script runs: minutes on a busy machine, so a timeout of its own.
  it("restores every host, fingerprint, spec, request and audit entry, as of the moment of the backup", { timeout: 900_000 }, async () => {
    // The live folder starts as the run's migrated database (a first start is global-setup's): seconds less of CPU.
    const a = await start(live);
    started.push(a);
    const people = await provisionPeople(a.url, BOOT);
    const call = caller(a.url, people.admin.token);
    const fleet = "bk-web";
    expect((await call("POST", "/api/v1/fleets", { name: fleet, strategy: "mutable" })).status).toBe(201);
    const { secret } = (await call("POST", `/api/v1/fleets/${fleet}/enroll-secrets`)).json;
    const keys: Record<string, string> = {};
    for (const name of ["bk-1", "bk-2", "bk-3"]) {
      const enrolled = await fetch(`${a.url}/api/v1/enroll`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ secret, hostname: name }) });
      keys[name] = ((await enrolled.json()) as { hostKey: string }).hostKey;
      expect((await call("POST", "/api/v1/fingerprints", report(host(name)), keys[name])).status).toBe(202);
    }
    expect((await call("POST", `/api/v1/fleets/${fleet}/spec/capture`, { hostname: "bk-1" })).status).toBe(201);
    // bk-2 drifts: a second fingerprint in its history, and the reason for a rebuild request.
    const drifted = host("bk-2");
    install(drifted, EXTRAS.debugging);
    expect((await call("POST", "/api/v1/fingerprints", report(drifted), keys["bk-2"])).status).toBe(202);
    const requested = await call("POST", "/api/v1/rebuilds", { hosts: ["bk-2"], reason: "backup test", fleet }, people.operator.token);
    expect(requested.status, requested.text).toBe(201);
    const requestId: string = requested.json.id;

    // What the restore must show, read from the live server just before the backup.
    const read = async (get: ReturnType<typeof caller>) => ({
      hosts: (await get("GET", `/api/v1/hosts?fleet=${fleet}&limit=100`)).json.hosts.map((h: { hostname: string; fingerprint: string }) => `${h.hostname} ${h.fingerprint}`).sort(),
      history: (await get("GET", `/api/v1/hosts/bk-2/history?fleet=${fleet}`)).json.entries.map((e: { event: string; fingerprint: string | null }) => `${e.event} ${e.fingerprint}`),
      spec: (await get("GET", `/api/v1/fleets/${fleet}/spec`, undefined)).json,
      request: (({ id, status, hosts, reason }) => ({ id, status, hosts, reason }))((await get("GET", `/api/v1/rebuilds/${requestId}`)).json),
      audit: (await get("GET", "/api/v1/audit?limit=1000")).json.entries.map((e: { id: number; action: string; subject: string }) => `${e.id} ${e.action} ${e.subject}`),
    });
    const before = await read(call);
    expect(before.hosts).toHaveLength(3);
    expect(before.history.filter((e: string) => e.startsWith("fingerprint"))).toHaveLength(2);
    expect(before.audit.some((e: string) => e.includes(" rebuild.request "))).toBe(true);

    // The server holds the folder: the script says so and takes the dump through it, with an admin's token.
    const file = path.join(root, "fleetprint.tar.gz");
    const port = new URL(a.url).port;
    const noToken = script("backup", ["--out", file, "--data-dir", live], { PORT: port, FLEETPRINT_TOKEN: "" });
    expect(noToken.code, noToken.out).toBe(1);
    expect(noToken.out).toContain("set FLEETPRINT_TOKEN to an admin's API token");
    expect(fs.existsSync(file)).toBe(false);
    const viewer = script("backup", ["--out", file, "--data-dir", live], { PORT: port, FLEETPRINT_TOKEN: people.viewer.token });
    expect(viewer.out).toContain("answered 403");
    const backup = script("backup", ["--out", file, "--data-dir", live], { PORT: port, FLEETPRINT_TOKEN: people.admin.token });
    expect(backup.code, backup.out).toBe(0);
    expect(backup.out).toContain("asking that server");
    expect(fs.statSync(file).mode & 0o077).toBe(0); // password and token hashes: the owner's alone

    // After the backup: a new host. It must not be in the restore.
    const late = await fetch(`${a.url}/api/v1/enroll`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ secret, hostname: "bk-late" }) });
    expect(late.status).toBe(201);

    // A folder that holds anything is refused and left as it was.
    const busy = path.join(root, "busy");
    fs.mkdirSync(busy);
    fs.writeFileSync(path.join(busy, "keep.txt"), "mine");
    const refused = script("restore", ["--in", file, "--data-dir", busy]);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain("is not empty");
    expect(fs.readdirSync(busy)).toEqual(["keep.txt"]);

    const restoredDir = path.join(root, "restored");
    const restored = script("restore", ["--in", file, "--data-dir", restoredDir]);
    expect(restored.code, restored.out).toBe(0);
    expect(restored.out).toMatch(/Restored into .*: 3 hosts/); // the fleet's three, not the late one
    const b = await start(restoredDir);
    started.push(b);
    const after = await read(caller(b.url, people.admin.token));
    expect(after.hosts).toEqual(before.hosts);
    expect(after.history).toEqual(before.history);
    expect(after.spec).toEqual(before.spec);
    expect(after.request).toEqual(before.request);
    // Every entry read before, plus the backup's own record (written first, so the dump says who took it).
    expect(after.audit.filter((e: string) => !e.includes(" database.backup "))).toEqual(before.audit);
    expect(after.audit.filter((e: string) => e.includes(" database.backup "))).toHaveLength(1);
    expect((await caller(b.url, people.admin.token)("GET", `/api/v1/hosts/bk-late?fleet=${fleet}`)).status).toBe(404);
  });
});

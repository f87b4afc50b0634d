// The whole first capability, end to end: the real agent fingerprints this machine's real Debian root and
// copies of it (--root), enrols over real HTTP, a golden host becomes the spec, and the hand-edited copy
// shows its drift and its snowflake reasons.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseDpkgStatus } from "@/lib/core/parse-dpkg";
import { api, uniqueName } from "./support/api";

const CONFIG_PATHS = ["/etc/apt", "/etc/default", "/etc/logrotate.d"];
const work = fs.mkdtempSync(path.join(os.tmpdir(), "fp-agent-it-"));

/** A conffile of this machine under CONFIG_PATHS: editing it is the "edited by hand" signal. */
function pickConffile(): string {
  const { conffiles } = parseDpkgStatus(fs.readFileSync("/var/lib/dpkg/status", "utf8"));
  const c = conffiles.find((f) => !f.obsolete && CONFIG_PATHS.some((p) => f.path.startsWith(p + "/")) && fs.existsSync(f.path));
  if (!c) throw new Error("this machine has no dpkg conffile under " + CONFIG_PATHS.join(" "));
  return c.path;
}

/** Copies the package database, os-release and the config paths of / into a new root folder. */
function copyRoot(name: string): string {
  const root = path.join(work, name);
  for (const p of ["var/lib/dpkg", "usr/lib", "etc"]) fs.mkdirSync(path.join(root, p), { recursive: true });
  fs.copyFileSync("/var/lib/dpkg/status", path.join(root, "var/lib/dpkg/status"));
  fs.copyFileSync("/usr/lib/os-release", path.join(root, "usr/lib/os-release"));
  fs.symlinkSync("../usr/lib/os-release", path.join(root, "etc/os-release"));
  for (const p of CONFIG_PATHS) if (fs.existsSync(p)) execFileSync("cp", ["-a", p, path.join(root, p)]);
  return root;
}

const agentArgs = (url: string, secret: string, hostname: string, root: string) => [
  "agent/fleetprint-agent.sh", "--server", url, "--enroll-secret", secret, "--state-dir", path.join(work, `state-${hostname}`), "--root", root, "--hostname", hostname, "--config-paths", CONFIG_PATHS.join(" "),
];

function runAgent(url: string, secret: string, hostname: string, root: string) {
  const r = spawnSync("sh", agentArgs(url, secret, hostname, root), { encoding: "utf8" });
  expect(r.stderr + r.stdout, `agent exit ${r.status}`).not.toMatch(/error/i);
  expect(r.status).toBe(0);
}

describe.each(inject("servers"))("agent → server on $kind", ({ url }) => {
  const a = api(url);
  const fleet = uniqueName("real");
  const edited = pickConffile();

  let secret = "";
  beforeAll(async () => {
    await a.call("POST", "/api/v1/fleets", { name: fleet, strategy: "mutable" });
    secret = (await a.call("POST", `/api/v1/fleets/${fleet}/enroll-secrets`)).json.secret;
    runAgent(url, secret, "golden-01", "/");
    for (const n of ["copy-1", "copy-2", "copy-3"]) {
      const root = copyRoot(`${fleet}-${n}`);
      if (n === "copy-3") fs.appendFileSync(path.join(root, edited), "\n# tuned by hand at 3am\n");
      runAgent(url, secret, n, root);
    }
    expect((await a.call("POST", `/api/v1/fleets/${fleet}/spec/capture`, { hostname: "golden-01" })).status).toBe(201);
  }, 120_000);

  it("a real Debian root reports its packages and conffiles", async () => {
    const d = (await a.call("GET", `/api/v1/hosts/golden-01?fleet=${fleet}`)).json;
    expect(d.fingerprint.os.id).toBe("debian");
    expect(d.fingerprint.packages.length).toBeGreaterThan(100);
    expect(d.fingerprint.configs.some((c: { path: string; modified?: boolean }) => c.path === edited && c.modified === false)).toBe(true);
    // The copies are byte-identical roots: one shared fingerprint for three hosts.
    const hosts = (await a.call("GET", `/api/v1/hosts?fleet=${fleet}`)).json.hosts;
    const byName = Object.fromEntries(hosts.map((h: { hostname: string; fingerprint: string }) => [h.hostname, h.fingerprint]));
    expect(byName["copy-1"]).toBe(byName["copy-2"]);
  });

  it("the pristine copy conforms to the golden spec, the edited one drifts with an explanation", async () => {
    expect((await a.call("GET", `/api/v1/hosts/copy-1/drift?fleet=${fleet}`)).json.items).toEqual([]);
    const items = (await a.call("GET", `/api/v1/hosts/copy-3/drift?fleet=${fleet}`)).json.items;
    expect(items).toEqual([expect.objectContaining({ kind: "config-changed", subject: edited })]);
    expect(items[0].explain).toMatch(/edited by hand/);
  });

  it("the agent's next run of unchanged content is a check-in answered 'unchanged'; changed content reports again", async () => {
    // `script` gives the agent a terminal, where it says which way it went.
    const talk = (hostname: string, root: string) => {
      const cmd = ["sh", ...agentArgs(url, secret, hostname, root)].map((x) => `'${x.replace(/'/g, "'\\''")}'`).join(" ");
      const r = spawnSync("script", ["-qec", cmd, "/dev/null"], { encoding: "utf8" });
      expect(r.status, r.stdout).toBe(0);
      return r.stdout;
    };
    const root = path.join(work, `${fleet}-copy-2`);
    expect(fs.readFileSync(path.join(work, "state-copy-2", "accepted-digest"), "utf8")).toMatch(/^[0-9a-f]{64}\s*$/);
    const before = (await a.call("GET", `/api/v1/hosts/copy-2?fleet=${fleet}`)).json.host;
    expect(talk("copy-2", root)).toMatch(/report unchanged \(check-in\)/);
    fs.appendFileSync(path.join(root, edited), "\n# a second hand edit\n");
    expect(talk("copy-2", root)).toMatch(/report sent/);
    const after = (await a.call("GET", `/api/v1/hosts/copy-2?fleet=${fleet}`)).json.host;
    expect(after.fingerprint).not.toBe(before.fingerprint);
    expect(talk("copy-2", root)).toMatch(/report unchanged \(check-in\)/);
  });

  it("the edited copy is a snowflake, and says why", async () => {
    const s = (await a.call("GET", `/api/v1/hosts/copy-3/snowflake?fleet=${fleet}`)).json;
    expect(s.isSnowflake).toBe(true);
    expect(s.reasons[0].explain).toMatch(/edited by hand/);
    expect(s.reasons[0].explain).toMatch(/1 of 4/);
  });

  it("a new host with content another host already sent is accepted from its check-in: no report body", async () => {
    const root = copyRoot(`${fleet}-copy-4`);
    const cmd = ["sh", ...agentArgs(url, secret, "copy-4", root)].map((x) => `'${x.replace(/'/g, "'\\''")}'`).join(" ");
    const r = spawnSync("script", ["-qec", cmd, "/dev/null"], { encoding: "utf8" });
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/report accepted \(check-in\)/);
    const fp = async (h: string) => (await a.call("GET", `/api/v1/hosts/${h}?fleet=${fleet}`)).json.host.fingerprint;
    expect(await fp("copy-4")).toBe(await fp("copy-1"));
    expect(fs.readFileSync(path.join(work, "state-copy-4", "accepted-digest"), "utf8")).toMatch(/^[0-9a-f]{64}\s*$/);
  });
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

// The real agent script, run under dash against a fake root and against this machine.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentReportSchema, parseReport } from "@/lib/core/parse-report";
import { RPM_QUERY_FORMAT } from "@/lib/core/parse-rpm";
import type { AgentReport, ConfigEntry } from "@/lib/core/types";
import { AGENT, BASE_TOOLS, BUSYBOX, ESCAPED_FILES, FAKE_FILES, SH, busyboxDir, buildFakeRoot, escapedPath, runAgent, sha256, tempDir, toolDir } from "./test-support";

let root: string;
let outside: string;
let report: AgentReport;

beforeAll(async () => {
  outside = tempDir("outside");
  fs.mkdirSync(`${outside}/conf`);
  fs.writeFileSync(`${outside}/conf/secret.conf`, "password=hunter2\n");
  root = buildFakeRoot(outside);
  const configPaths = `/etc /srv/data/conf /srv/up${outside}/conf /nonexistent`;
  const run = await runAgent(["--root", root, "--print", "--hostname", "x", "--config-paths", configPaths]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  const parsed = parseReport(JSON.parse(run.stdout));
  if (!parsed.ok) throw new Error(parsed.error);
  report = parsed.report;
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

const config = (p: string): ConfigEntry | undefined => report.configs.find((c) => c.path === p);

describe("agent --root --print", () => {
  it("identifies the image, not the machine running the agent", () => {
    expect(report.schema).toBe(1);
    expect(report.agentVersion).toBe("1.2.0");
    expect(report.hostname).toBe("x");
    expect(report.machineId).toBeNull();
    expect(new Date(report.collectedAt).getTime()).toBeGreaterThan(Date.now() - 120_000);
    expect(report.os).toEqual({
      id: "debian",
      versionId: "12",
      prettyName: "Debian GNU/Linux 12 (bookworm)",
      kernel: null,
      arch: "amd64",
    });
  });

  it("lists installed dpkg packages only, keeping foreign-arch ones", () => {
    expect(report.packages).toEqual([
      { manager: "dpkg", name: "apache2", version: "2.4.62-1~deb12u2", arch: "amd64" },
      { manager: "dpkg", name: "dpkg", version: "1.21.22", arch: "amd64" },
      { manager: "dpkg", name: "libc6", version: "2.36-9+deb12u10", arch: "i386" },
      { manager: "dpkg", name: "tzdata", version: "2025b-0+deb12u1", arch: "all" },
    ]);
  });

  it("marks conffiles edited by hand and pristine ones", () => {
    expect(config("/etc/apache2/apache2.conf")).toEqual({
      path: "/etc/apache2/apache2.conf",
      type: "file",
      sha256: sha256(FAKE_FILES["/etc/apache2/apache2.conf"]),
      package: "apache2",
      modified: true,
    });
    expect(config("/etc/apache2/ports.conf")).toMatchObject({ package: "apache2", modified: false });
    // Listed in Conffiles but not on disk: simply absent.
    expect(config("/etc/apache2/sites-available/default-ssl.conf")).toBeUndefined();
    // Not a conffile: no package, no modified flag.
    expect(config("/etc/php/8.2/apache2/php.ini")).toEqual({
      path: "/etc/php/8.2/apache2/php.ini",
      type: "file",
      sha256: sha256(FAKE_FILES["/etc/php/8.2/apache2/php.ini"]),
    });
  });

  it("records symlinks as links without following them, even out of the root", () => {
    expect(config("/etc/evil")).toEqual({ path: "/etc/evil", type: "symlink", sha256: null, target: "/etc/shadow" });
    expect(config("/etc/os-release")).toMatchObject({ type: "symlink", target: "../usr/lib/os-release" });
    expect(config("/etc/apache2/ssl.load")).toMatchObject({ type: "symlink", target: "../mods-available/ssl.load" });
  });

  it("leaves out files that differ on every host by construction (the server drops them anyway)", () => {
    expect(fs.existsSync(`${root}/etc/hostname`)).toBe(true);
    expect(config("/etc/hostname")).toBeUndefined();
    expect(config("/etc/apache2/ports.conf")).toBeDefined();
  });

  it("never reads outside the root through a config path's parent links", () => {
    expect(report.configs.filter((c) => !c.path.startsWith("/etc/"))).toEqual([]);
    expect(JSON.stringify(report)).not.toContain("secret");
  });

  it("reports paths as seen from the root, JSON-escaped, skipping fifos", () => {
    expect(report.configs.every((c) => !c.path.startsWith(root))).toBe(true);
    expect(config('/etc/motd "quoted" é')?.sha256).toBe(sha256(FAKE_FILES['/etc/motd "quoted" é']));
    expect(config("/etc/fifo")).toBeUndefined();
    const paths = report.configs.map((c) => c.path);
    expect(paths).toEqual([...paths].sort());
  });

  it("reports names with a newline, tab or backslash with those written out as \\n, \\t and \\\\", () => {
    for (const [raw, text] of Object.entries(ESCAPED_FILES)) {
      expect(config(escapedPath(raw)), JSON.stringify(raw)).toEqual({ path: escapedPath(raw), type: "file", sha256: sha256(text) });
    }
    expect(config("/etc/new\\nline.conf")).toBeDefined(); // the escaping itself, spelled out once
    expect(config("/etc/a\\\\nb")).toBeDefined(); // a real backslash before n stays apart from a newline
    expect(config("/etc/profile.d/li\\nk")).toEqual({ path: "/etc/profile.d/li\\nk", type: "symlink", sha256: null, target: "tar\\tget\\nend" });
    expect(config("/etc/profile.d/plain.link")).toMatchObject({ type: "symlink", target: "../up\\nto\\\\x" });
    expect(report.configs.some((c) => /[\n\t]/.test(c.path + (c.target ?? "")))).toBe(false);
  });

  it("writes control characters and bidi marks in names out as visible text, which the server accepts", async () => {
    const names: Record<string, string> = { "/etc/ctl\u0001name.conf": "/etc/ctl\\x01name.conf", "/etc/cron.d/\u202eexe.sh": "/etc/cron.d/\\u202eexe.sh", "/etc/del\u007f\u0085.conf": "/etc/del\\x7f\\u0085.conf" };
    fs.mkdirSync(`${root}/etc/cron.d`, { recursive: true });
    for (const raw of Object.keys(names)) fs.writeFileSync(root + raw, "x\n");
    // A name that is not UTF-8 (Latin-1 "é" is the byte 0xE9): the byte is written out, the server takes only UTF-8.
    const latin1 = Buffer.concat([Buffer.from(`${root}/etc/lat`), Buffer.from([0xe9]), Buffer.from("in1.conf")]);
    fs.writeFileSync(latin1, "x\n");
    try {
      const run = await runAgent(["--root", root, "--print", "--hostname", "x", "--config-paths", "/etc"]);
      expect(run.stderr).toBe("");
      const parsed = parseReport(JSON.parse(run.stdout));
      if (!parsed.ok) throw new Error(parsed.error);
      for (const shown of [...Object.values(names), "/etc/lat\\xe9in1.conf"]) expect(parsed.report.configs.find((c) => c.path === shown), shown).toMatchObject({ type: "file", sha256: sha256("x\n") });
      // "é" and other text stays as it is.
      expect(JSON.stringify(parsed.report)).not.toContain("\u202e");
      expect(parsed.report.configs.find((c) => c.path === '/etc/motd "quoted" é')).toBeDefined();
    } finally {
      for (const raw of Object.keys(names)) fs.rmSync(root + raw, { force: true });
      fs.rmSync(latin1, { force: true });
    }
  });

  it("uses the root's /etc/hostname when --hostname is absent", async () => {
    const run = await runAgent(["--root", root, "--print", "--config-paths", "/etc/apache2"]);
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout) as AgentReport;
    expect(r.hostname).toBe("image-builder");
    expect(r.configs.map((c) => c.path)).toEqual(["/etc/apache2/apache2.conf", "/etc/apache2/ports.conf", "/etc/apache2/ssl.load"]);
  });

  it("reads machine-id from the root when there is one", async () => {
    fs.writeFileSync(`${root}/etc/machine-id`, "3d1219c7c4c5404aaa1f6d2a48adfda4\n");
    try {
      const run = await runAgent(["--root", root, "--print", "--config-paths", ""]);
      expect(JSON.parse(run.stdout)).toMatchObject({ machineId: "3d1219c7c4c5404aaa1f6d2a48adfda4", configs: [] });
    } finally {
      fs.rmSync(`${root}/etc/machine-id`);
    }
  });
});

describe("agent usage errors", () => {
  it("exits 2 on an unknown flag", async () => {
    const run = await runAgent(["--bogus"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option: --bogus");
  });

  it("exits 2 without --server unless --print", async () => {
    const run = await runAgent(["--hostname", "x"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--server URL is required");
    expect(run.stderr).toContain("--print");
  });

  it("exits 2 on relative config paths and a missing --root", async () => {
    expect((await runAgent(["--print", "--config-paths", "etc"])).code).toBe(2);
    expect((await runAgent(["--print", "--root", "/nonexistent/fleetprint"])).code).toBe(2);
  });

  it("exits 3 with advice when neither curl nor wget is installed", async () => {
    const bin = toolDir(BASE_TOOLS);
    try {
      const env = { PATH: bin, HOME: "/nonexistent" };
      const run = await runAgent(["--server", "http://127.0.0.1:9", "--enroll-secret", "s", "--root", root], { env });
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/neither curl nor wget/);
      expect(run.stderr).toContain("--print");
      // The same restricted PATH is enough to collect: coreutils, awk, sed, find, grep only.
      const print = await runAgent(["--root", root, "--print", "--hostname", "x"], { env });
      expect(print.stderr).toBe("");
      expect(agentReportSchema.safeParse(JSON.parse(print.stdout)).success).toBe(true);
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  it("prints help and version", async () => {
    expect((await runAgent(["--help"])).stdout).toContain("--enroll-secret");
    expect((await runAgent(["--version"])).stdout.trim()).toBe("fleetprint-agent 1.2.0");
  });
});

describe.skipIf(!BUSYBOX)("agent under BusyBox (Alpine's userland)", () => {
  it("produces the same report as under dash with GNU tools", async () => {
    const bin = busyboxDir();
    try {
      const args = ["--root", root, "--print", "--hostname", "x"];
      const [gnu, bb] = await Promise.all([runAgent(args), runAgent(args, { env: { PATH: bin }, shell: [BUSYBOX as string, "sh"] })]);
      expect(bb.stderr).toBe("");
      expect(bb.code).toBe(0);
      const strip = (text: string) => ({ ...JSON.parse(text), collectedAt: null });
      expect(strip(bb.stdout)).toEqual(strip(gnu.stdout));
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });
});

describe("agent on this machine", () => {
  it("fingerprints the running Debian quickly", async () => {
    const run = await runAgent(["--print", "--config-paths", "/etc/apt"]);
    expect(run.code).toBe(0);
    expect(run.ms).toBeLessThan(10_000);
    const parsed = parseReport(JSON.parse(run.stdout));
    if (!parsed.ok) throw new Error(parsed.error);
    const r = parsed.report;
    expect(r.os.kernel).toBeTruthy();
    expect(r.packages.length).toBeGreaterThan(50);
    expect(r.packages).toContainEqual(expect.objectContaining({ manager: "dpkg", name: "dpkg" }));
    expect(r.configs.length).toBeGreaterThan(0);
    expect(r.configs.every((c) => c.path.startsWith("/etc/apt"))).toBe(true);
    const listed = r.configs.find((c) => c.type === "file" && c.sha256);
    if (listed) expect(listed.sha256).toBe(sha256(fs.readFileSync(listed.path)));
  });
});

describe("agent script", () => {
  // .ci/run installs shellcheck, so CI always runs this; elsewhere it is skipped (and says so) without it.
  it.skipIf(!!spawnSync("shellcheck", ["--version"]).error && !process.env.CI)("passes shellcheck as POSIX sh", () => {
    const run = spawnSync("shellcheck", ["--shell=sh", AGENT], { encoding: "utf8" });
    expect(run.error).toBeUndefined();
    expect(run.stdout + run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it("passes sh -n and uses the rpm query format parse-rpm.ts reads", () => {
    execFileSync(SH, ["-n", AGENT]);
    const text = fs.readFileSync(AGENT, "utf8");
    expect(text.startsWith("#!/bin/sh\n")).toBe(true);
    expect(text).toContain(`RPM_QF='${RPM_QUERY_FORMAT}'`);
    expect(path.basename(AGENT)).toBe("fleetprint-agent.sh");
  });
});

// The agent and lib/core's parsers must read the same databases the same way: the server
// parses fixtures with the TypeScript side, hosts report with the shell side.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseApkInstalled } from "@/lib/core/parse-apk";
import { parseDpkgStatus } from "@/lib/core/parse-dpkg";
import { osIdentity, parseOsRelease } from "@/lib/core/os-release";
import { RPM_QUERY_FORMAT, parseRpmQa } from "@/lib/core/parse-rpm";
import type { AgentReport, Package } from "@/lib/core/types";
import { runAgent, tempDir } from "./test-support";

describe("agent and the lib/core parsers", () => {
  const FIXTURE = fs.readFileSync(path.resolve(__dirname, "../fixtures/debian-12/status"), "utf8");
  const key = (p: Package) => `${p.manager} ${p.name} ${p.arch} ${p.version}`;
  const sorted = (list: Package[]) => [...list].sort((a, b) => (key(a) < key(b) ? -1 : 1));

  /** Runs the agent on a root made of just these files. */
  async function agentOn(files: Record<string, string>): Promise<AgentReport> {
    const dir = tempDir("parsers");
    try {
      for (const [p, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(dir + p), { recursive: true });
        fs.writeFileSync(dir + p, text);
      }
      const run = await runAgent(["--root", dir, "--print", "--hostname", "x", "--config-paths", ""]);
      expect(run.stderr).toBe("");
      return JSON.parse(run.stdout) as AgentReport;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it("read a dpkg status file the same way, CRLF, damaged or not", async () => {
    const messy = FIXTURE.split("\n").map((l) => (l === "" ? " " : `${l} `)).join("\r\n");
    const damaged = `${FIXTURE}\nPackage: half-written\nStatus: install ok installed\nArchitecture: amd64\n`;
    for (const text of [FIXTURE, messy, damaged]) {
      const report = await agentOn({ "/var/lib/dpkg/status": text });
      const parsed = parseDpkgStatus(text);
      expect(report.packages.length).toBe(parsed.packages.length);
      expect(sorted(report.packages)).toEqual(sorted(parsed.packages));
      expect(report.os.arch).toBe(parsed.arch);
    }
  });

  it("read an apk database and os-release the same way", async () => {
    const installed = "C:Q1abc=\nP:musl\nV:1.2.5-r0\nA:x86_64\nF:lib\nR:libc.musl-x86_64.so.1\n\nP:busybox\nV:1.36.1-r29\nA:x86_64\n";
    const osRelease = 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME="Alpine \\"Linux\\" v3.20"  # note\n';
    const report = await agentOn({ "/lib/apk/db/installed": installed, "/etc/apk/arch": "x86_64\n", "/etc/os-release": osRelease });
    expect(sorted(report.packages)).toEqual(sorted(parseApkInstalled(installed)));
    expect(report.os).toEqual({ ...osIdentity(parseOsRelease(osRelease)), kernel: null, arch: "x86_64" });
    expect(report.os.prettyName).toBe('Alpine "Linux" v3.20');
  });
});

const hasRpmbuild = (() => {
  try {
    execFileSync("rpmbuild", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasRpmbuild)("agent on an rpm root (Debian's rpm package)", () => {
  it("lists the rpm database as parse-rpm.ts reads rpm's own output", async () => {
    const work = tempDir("rpm");
    try {
      const spec = (name: string, extra: string) =>
        `Name: ${name}\nVersion: 2.4.57\nRelease: 11.el9_4.1\nSummary: x\nLicense: MIT\n${extra}\n%description\nx\n%files\n`;
      fs.writeFileSync(`${work}/httpd.spec`, spec("httpd", "BuildArch: x86_64"));
      fs.writeFileSync(`${work}/tzdata.spec`, spec("tzdata", "Epoch: 1\nBuildArch: noarch"));
      for (const file of ["httpd.spec", "tzdata.spec"]) {
        execFileSync("rpmbuild", ["--quiet", "--define", `_topdir ${work}/build`, "-bb", `${work}/${file}`], { stdio: "ignore" });
      }
      const rpms = ["x86_64/httpd-2.4.57-11.el9_4.1.x86_64.rpm", "noarch/tzdata-2.4.57-11.el9_4.1.noarch.rpm"];
      const root = `${work}/root`;
      const rpm = (...args: string[]) => execFileSync("rpm", ["--root", root, "--dbpath", "/var/lib/rpm", ...args], { stdio: ["ignore", "pipe", "ignore"] }).toString();
      rpm("--initdb");
      rpm("-i", "--justdb", "--nodeps", "--ignorearch", "--noscripts", ...rpms.map((r) => `${work}/build/RPMS/${r}`));

      const run = await runAgent(["--root", root, "--print", "--hostname", "rocky", "--config-paths", ""]);
      expect(run.stderr).toBe("");
      const report = JSON.parse(run.stdout) as AgentReport;
      const expected = parseRpmQa(rpm("-qa", "--qf", RPM_QUERY_FORMAT));
      expect(report.packages).toEqual(expected);
      expect(report.packages).toEqual([
        { manager: "rpm", name: "httpd", version: "2.4.57-11.el9_4.1", arch: "x86_64" },
        { manager: "rpm", name: "tzdata", version: "1:2.4.57-11.el9_4.1", arch: "noarch" },
      ]);
      expect(report.os.arch).toBe("x86_64");
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});

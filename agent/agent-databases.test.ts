// The agent on real package databases: an rpm database filled by Debian's rpm from packages rpmbuild made out of
// real .spec files (fixtures/rpm), an apk installed database in Alpine's documented format (fixtures/alpine-3.20),
// and a corrupt rpm database next to a good dpkg one: the report still goes out with what could be read, and says
// what could not.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseApkInstalled } from "@/lib/core/parse-apk";
import { parseDpkgStatus } from "@/lib/core/parse-dpkg";
import { parseReport } from "@/lib/core/parse-report";
import { RPM_QUERY_FORMAT, parseRpmQa } from "@/lib/core/parse-rpm";
import type { AgentReport } from "@/lib/core/types";
import { compareVersionsOf } from "@/lib/core/version-order";
import { accepted, bodyText, reportOf } from "./test-api";
import { useAgentRig } from "./test-rig";
import { SH, runAgent, tempDir } from "./test-support";

const FIXTURES = path.resolve(__dirname, "../fixtures");
const has = (tool: string) => {
  try {
    execFileSync(tool, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};
const hasRpm = has("rpm");
const hasRpmbuild = hasRpm && has("rpmbuild");

function printed(run: { code: number; stdout: string; stderr: string }): AgentReport {
  expect(run.code, run.stderr).toBe(0);
  const parsed = parseReport(JSON.parse(run.stdout));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.report;
}
const write = (root: string, p: string, text: string | Buffer) => {
  fs.mkdirSync(path.dirname(root + p), { recursive: true });
  fs.writeFileSync(root + p, text);
};

describe.skipIf(!hasRpmbuild)("agent on a real rpm database", () => {
  it("lists packages built from real specs with the epoch and release rpm records, in the order rpm itself sorts them", async () => {
    const work = tempDir("rpmdb");
    try {
      const build = (spec: string, defines: Record<string, string> = {}) =>
        execFileSync(
          "rpmbuild",
          ["--quiet", "--define", `_topdir ${work}/build`, ...Object.entries(defines).flatMap(([k, v]) => ["--define", `${k} ${v}`]), "-bb", path.join(FIXTURES, "rpm", spec)],
          { stdio: "ignore" },
        );
      build("fp-httpd.spec");
      build("fp-tzdata.spec");
      build("fp-tzdata.spec", { fp_version: "2024b" });
      const rpmFile = (name: string) => `${work}/build/RPMS/noarch/${name}.noarch.rpm`;
      const root = `${work}/root`;
      const rpm = (...args: string[]) => execFileSync("rpm", ["--root", root, "--dbpath", "/var/lib/rpm", ...args], { stdio: ["ignore", "pipe", "pipe"] }).toString();
      rpm("--initdb");
      rpm("-i", "--justdb", "--nodeps", "--noscripts", rpmFile("fp-httpd-2.4.57-11.el9_4.1"), rpmFile("fp-tzdata-2024a-1.el9"));
      // An update as dnf would apply it: the database holds the new version only.
      rpm("-U", "--justdb", "--nodeps", "--noscripts", rpmFile("fp-tzdata-2024b-1.el9"));
      write(root, "/etc/os-release", 'ID="rocky"\nVERSION_ID="9.4"\nPRETTY_NAME="Rocky Linux 9.4 (Blue Onyx)"\n');

      const report = printed(await runAgent(["--root", root, "--print", "--hostname", "rocky-1", "--config-paths", ""]));
      expect(report.packages).toEqual([
        { manager: "rpm", name: "fp-httpd", version: "1:2.4.57-11.el9_4.1", arch: "noarch" },
        { manager: "rpm", name: "fp-tzdata", version: "2024b-1.el9", arch: "noarch" },
      ]);
      expect(report.packages).toEqual(parseRpmQa(rpm("-qa", "--qf", RPM_QUERY_FORMAT)));
      expect(report.collectorErrors).toBeUndefined();
      expect(report.os.id).toBe("rocky");

      // The server orders these versions as rpm does (rpm's own rpm.vercmp, through its Lua interpreter).
      const versions = [...report.packages.map((p) => p.version), "2024a-1.el9", "2.4.57-11.el9_4.2", "1:2.4.57~rc1-1.el9", "2.4.62-1.el9", "0:2.4.57-11.el9_4.1"];
      const pairs = versions.flatMap((a) => versions.map((b) => [a, b] as const)).filter(([a, b]) => a < b);
      expect(pairs.length).toBe(21);
      // One rpm run: rpm's Lua print() writes no newline, so each answer ends with a comma.
      const lua = pairs.map(([a, b]) => `print(rpm.vercmp("${a}", "${b}") .. ",")`).join(" ");
      const rpmOrder = execFileSync("rpm", ["--eval", `%{lua: ${lua}}`]).toString().trim().replace(/,$/, "").split(",").map(Number);
      expect(rpmOrder.length).toBe(pairs.length);
      const disagreements = pairs.filter(([a, b], i) => Math.sign(compareVersionsOf("rpm", a, b)) !== Math.sign(rpmOrder[i]));
      expect(disagreements).toEqual([]);
      // The update the database went through is an upgrade to both.
      expect(compareVersionsOf("rpm", "2024a-1.el9", "2024b-1.el9")).toBeLessThan(0);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
    // rpmbuild runs three times: seconds on a loaded machine.
  }, 60_000);
});

describe("agent on an apk installed database", () => {
  it("reads Alpine's documented format exactly: names, versions and arches, never provides, origins or checksums", async () => {
    const installed = fs.readFileSync(path.join(FIXTURES, "alpine-3.20", "installed"), "utf8");
    const root = tempDir("apk");
    try {
      write(root, "/lib/apk/db/installed", installed);
      write(root, "/etc/apk/arch", "x86_64\n");
      const report = printed(await runAgent(["--root", root, "--print", "--hostname", "alpine-1", "--config-paths", ""]));
      expect(report.packages).toEqual([
        { manager: "apk", name: "alpine-baselayout-data", version: "3.6.5-r0", arch: "x86_64" },
        { manager: "apk", name: "alpine-release", version: "3.20.3-r0", arch: "x86_64" },
        { manager: "apk", name: "busybox", version: "1.36.1-r29", arch: "x86_64" },
        { manager: "apk", name: "ca-certificates-bundle", version: "20240705-r0", arch: "x86_64" },
        { manager: "apk", name: "musl", version: "1.2.5-r0", arch: "x86_64" },
        { manager: "apk", name: "tzdata", version: "2024b-r0", arch: "x86_64" },
      ]);
      expect(report.packages).toEqual(parseApkInstalled(installed));
      expect(report.os.arch).toBe("x86_64");
      expect(report.collectorErrors).toBeUndefined();
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!hasRpm)("one broken source does not silence the others", () => {
  const rig = useAgentRig();
  const dpkgStatus = fs.readFileSync(path.join(FIXTURES, "debian-12", "status"), "utf8");
  const dpkgPackages = parseDpkgStatus(dpkgStatus).packages;

  /** A Debian root whose rpm database (the `rpm` tool is installed) is garbage: sqlite's file, or Berkeley DB's. */
  function brokenRoot(file: "rpmdb.sqlite" | "Packages"): string {
    const root = tempDir("broken-rpm");
    write(root, "/var/lib/dpkg/status", dpkgStatus);
    write(root, "/etc/hostname", "deb-1\n");
    write(root, `/var/lib/rpm/${file}`, Buffer.from("this is not a database\n".repeat(400)));
    return root;
  }

  it.each([
    ["rpmdb.sqlite", /^rpm database unreadable: sqlite failure: .*file is not a database$/],
    ["Packages", /^rpm database unreadable: \/var\/lib\/rpm\/Packages: not a berkeley db hash\/btree database$/],
  ] as const)("a garbage %s: the dpkg packages and the rpm error are reported, exit 0", async (file, message) => {
    const root = brokenRoot(file);
    try {
      const run = await runAgent(["--root", root, "--print", "--config-paths", ""]);
      const report = printed(run);
      expect(report.packages.length).toBe(dpkgPackages.length);
      expect(report.packages.every((p) => p.manager === "dpkg")).toBe(true);
      expect(report.collectorErrors).toEqual([{ collector: "rpm", message: expect.stringMatching(message) }]);
      // Paths are shown as seen from the root, so the same failure reads (and digests) the same from any mount point.
      expect(report.collectorErrors?.[0].message).not.toContain(root);
      expect(run.stderr).toContain("fleetprint-agent: warning: rpm: rpm database unreadable");
      // Per host, on the first line: the content after it is what a host with a readable rpm database sends.
      const [first] = run.stdout.split("\n");
      expect(first).toMatch(/"collectedAt":"[^"]*","collectorErrors":\[\{"collector":"rpm","message":"[^"]*"\}\],$/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("sends the report with the error, without a content digest (check-in nor report), and exits 0", async () => {
    const root = brokenRoot("rpmdb.sqlite");
    try {
      fs.mkdirSync(rig.state, { recursive: true, mode: 0o700 });
      fs.writeFileSync(path.join(rig.state, "host-key"), "hk_1\n", { mode: 0o600 });
      rig.api.byUrl["/api/v1/checkin"] = [{ status: 200, json: { status: "report-needed" } }];
      rig.api.byUrl["/api/v1/fingerprints"] = [accepted];
      const run = await runAgent(["--server", rig.api.url, "--state-dir", rig.state, "--root", root, "--config-paths", ""]);
      expect(run.code, run.stderr).toBe(0);
      expect(rig.api.seen.map((r) => r.url)).toEqual(["/api/v1/checkin", "/api/v1/fingerprints"]);
      const checkin = JSON.parse(bodyText(rig.api.seen[0]));
      expect(checkin).toMatchObject({ content: null, digest: expect.stringMatching(/^[0-9a-f]{64}$/) });
      const sent = rig.api.seen[1];
      expect(sent.headers["x-fleetprint-digest"]).toBe(checkin.digest);
      expect(sent.headers["x-fleetprint-content-digest"]).toBeUndefined();
      const report = reportOf(sent);
      expect(report.packages.length).toBe(dpkgPackages.length);
      expect(report.collectorErrors).toEqual([{ collector: "rpm", message: expect.stringMatching(/^rpm database unreadable: /) }]);
      expect(fs.readFileSync(path.join(rig.state, "accepted-digest"), "utf8").trim()).toBe(checkin.digest);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  // As root every file reads: the agent then runs as nobody (runuser), as it would for a user without rights.
  const asRoot = process.getuid?.() === 0;
  const runuser = ["/usr/sbin/runuser", "/sbin/runuser"].find((p) => fs.existsSync(p));
  it.skipIf(asRoot && !runuser)("an unreadable dpkg status and config file are reported the same way, the other sources still read", async () => {
    const root = tempDir("broken-dpkg");
    try {
      fs.chmodSync(root, 0o755);
      write(root, "/var/lib/dpkg/status", dpkgStatus);
      fs.chmodSync(`${root}/var/lib/dpkg/status`, 0o000);
      write(root, "/lib/apk/db/installed", fs.readFileSync(path.join(FIXTURES, "alpine-3.20", "installed")));
      write(root, "/etc/app/public.conf", "x = 1\n");
      write(root, "/etc/app/secret.conf", "token = s3cret\n");
      fs.chmodSync(`${root}/etc/app/secret.conf`, 0o000);
      for (const dir of ["/var", "/var/lib", "/var/lib/dpkg", "/lib", "/lib/apk", "/lib/apk/db", "/etc", "/etc/app"]) fs.chmodSync(root + dir, 0o755);
      fs.chmodSync(`${root}/lib/apk/db/installed`, 0o644);
      fs.chmodSync(`${root}/etc/app/public.conf`, 0o644);
      const run = await runAgent(["--root", root, "--print", "--hostname", "mixed-1", "--config-paths", "/etc/app"], {
        shell: asRoot ? [runuser!, "-u", "nobody", "--", SH] : undefined,
      });
      const report = printed(run);
      expect(report.packages.map((p) => p.manager)).toEqual(Array(6).fill("apk"));
      expect(report.configs.map((c) => [c.path, c.sha256 === null])).toEqual([
        ["/etc/app/public.conf", false],
        ["/etc/app/secret.conf", true],
      ]);
      expect(report.collectorErrors).toEqual([
        { collector: "dpkg", message: expect.stringMatching(/^dpkg status database unreadable: .*\/var\/lib\/dpkg\/status.*Permission denied/) },
        { collector: "configs", message: expect.stringMatching(/^1 path could not be read \(sha256 null\): .*\/etc\/app\/secret\.conf: Permission denied$/) },
      ]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

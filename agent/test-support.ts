// Shared by the agent tests: run the real script under dash, and build a fake root on disk.
import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const AGENT = path.resolve(__dirname, "fleetprint-agent.sh");
/** Debian's /bin/sh is dash: the shell the agent must run under. */
export const SH = fs.existsSync("/usr/bin/dash") ? "/usr/bin/dash" : "/bin/sh";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the agent under `shell` (a command and its leading arguments; dash by default). */
export function runAgent(args: string[], opts: { env?: Record<string, string | undefined>; shell?: string[] } = {}): Promise<RunResult> {
  const started = Date.now();
  const [command, ...prefix] = opts.shell ?? [SH];
  return new Promise((resolve) => {
    execFile(
      command,
      [...prefix, AGENT, ...args],
      { env: (opts.env ?? process.env) as NodeJS.ProcessEnv, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr, ms: Date.now() - started });
      },
    );
  });
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `fleetprint-${prefix}-`));
}

const md5 = (text: string) => createHash("md5").update(text).digest("hex");
export const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

/** Text of the files written into the fake root, by path inside it. */
export const FAKE_FILES = {
  "/etc/apache2/apache2.conf": 'DefaultRuntimeDir ${APACHE_RUN_DIR}\nPidFile ${APACHE_PID_FILE}\nTimeout 300\n',
  "/etc/apache2/ports.conf": "Listen 80\n\n<IfModule ssl_module>\n\tListen 443\n</IfModule>\n",
  "/etc/php/8.2/apache2/php.ini": "[PHP]\nengine = On\nmemory_limit = 128M\n",
  "/etc/hostname": "image-builder\n",
  '/etc/motd "quoted" é': "welcome\n",
  "/usr/lib/os-release":
    'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n',
} as const;

/** The shipped apache2.conf ended without the Timeout line: the file on disk was edited. */
const SHIPPED_PORTS = FAKE_FILES["/etc/apache2/ports.conf"];
const SHIPPED_APACHE2 = 'DefaultRuntimeDir ${APACHE_RUN_DIR}\nPidFile ${APACHE_PID_FILE}\n';

/**
 * Files whose paths hold a newline, a tab or a backslash (one below a directory with a tab in its name), by their
 * real path; escapedPath gives the path the report shows. A file must not hide from Fleetprint behind its name.
 */
export const ESCAPED_FILES: Record<string, string> = {
  "/etc/new\nline.conf": "x\n",
  "/etc/back\\slash.conf": "y\n",
  "/etc/profile.d/tab\there.sh": "z\n",
  "/etc/profile.d/ev\til/hide.sh": "w\n",
  "/etc/a\\nb": "literal backslash and n\n",
};
export const escapedPath = (raw: string) => raw.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n");

/** dpkg status modeled on Debian 12's, with conffile md5s matching (or not) the files above. */
export function fakeStatus(): string {
  return `Package: apache2
Status: install ok installed
Priority: optional
Section: httpd
Installed-Size: 588
Maintainer: Debian Apache Maintainers <debian-apache@lists.debian.org>
Architecture: amd64
Version: 2.4.62-1~deb12u2
Provides: httpd, httpd-cgi
Depends: apache2-bin (= 2.4.62-1~deb12u2), apache2-data (= 2.4.62-1~deb12u2), apache2-utils (= 2.4.62-1~deb12u2), media-types, perl:any, procps
Conffiles:
 /etc/apache2/apache2.conf ${md5(SHIPPED_APACHE2)}
 /etc/apache2/ports.conf ${md5(SHIPPED_PORTS)}
 /etc/apache2/sites-available/default-ssl.conf 801f4c746a88b4228596cb260a4220c4
Description: Apache HTTP Server
 The Apache HTTP Server Project's goal is to build a secure, efficient and
 extensible HTTP server as standards-compliant open source software.
 .
 Installing this package results in a full installation.
Homepage: https://httpd.apache.org/

Package: dpkg
Essential: yes
Status: install ok installed
Priority: required
Section: admin
Architecture: amd64
Version: 1.21.22
Description: Debian package management system

Package: libc6
Status: install ok installed
Priority: optional
Section: libs
Architecture: i386
Multi-Arch: same
Source: glibc
Version: 2.36-9+deb12u10
Description: GNU C Library: Shared libraries

Package: php8.2-common
Status: deinstall ok config-files
Priority: optional
Section: php
Architecture: amd64
Source: php8.2
Version: 8.2.28-1~deb12u1
Description: documentation, examples and common module for PHP

Package: tzdata
Status: install ok installed
Priority: required
Section: localization
Architecture: all
Multi-Arch: foreign
Version: 2025b-0+deb12u1
Description: time zone and daylight-saving time data
`;
}

/**
 * A root filesystem with Debian's layout traps: /etc/os-release is a relative symlink into
 * /usr/lib, /etc/evil points at the real machine's /etc/shadow, /srv/data leaves the root
 * for `outside` with an absolute link, /srv/up tries with "..", and there is no machine-id.
 */
export function buildFakeRoot(outside: string): string {
  const root = tempDir("root");
  const write = (p: string, text: string) => {
    fs.mkdirSync(path.dirname(root + p), { recursive: true });
    fs.writeFileSync(root + p, text);
  };
  for (const [p, text] of Object.entries(FAKE_FILES)) write(p, text);
  write("/var/lib/dpkg/status", fakeStatus());
  fs.symlinkSync("../usr/lib/os-release", `${root}/etc/os-release`);
  fs.symlinkSync("/etc/shadow", `${root}/etc/evil`);
  fs.symlinkSync("../mods-available/ssl.load", `${root}/etc/apache2/ssl.load`);
  fs.mkdirSync(`${root}/srv`);
  fs.symlinkSync(outside, `${root}/srv/data`);
  fs.symlinkSync("../../../../../../..", `${root}/srv/up`);
  // Names the line-based pipeline cannot carry as they are: reported escaped (ESCAPED_FILES), never skipped.
  for (const [p, text] of Object.entries(ESCAPED_FILES)) write(p, text);
  fs.symlinkSync("tar\tget\nend", `${root}/etc/profile.d/li\nk`);
  fs.symlinkSync("../up\nto\\x", `${root}/etc/profile.d/plain.link`);
  execFileSync("mkfifo", [`${root}/etc/fifo`]);
  return root;
}

/** A directory of links to just the tools the agent needs, for PATH-restricted runs. */
export function toolDir(tools: string[]): string {
  const dir = tempDir("bin");
  for (const tool of tools) {
    const found = (process.env.PATH ?? "/usr/bin:/bin")
      .split(":")
      .map((d) => path.join(d, tool))
      .find((p) => fs.existsSync(p));
    if (found) fs.symlinkSync(found, path.join(dir, tool));
  }
  return dir;
}

/** What the agent may use besides curl or wget (od and sleep only when the server says "later"). */
export const BASE_TOOLS = [
  "sh", "awk", "cat", "chmod", "date", "find", "grep", "gzip", "head", "hostname", "ls", "md5sum",
  "mkdir", "mktemp", "mv", "od", "readlink", "rm", "sed", "sha256sum", "sleep", "sort", "tail", "tr", "uname",
];

export const BUSYBOX = ["/bin/busybox", "/usr/bin/busybox"].find((p) => fs.existsSync(p)) ?? null;

/** BusyBox applets only (as on Alpine), for checking the agent is not GNU-bound. */
export function busyboxDir(extra: string[] = []): string {
  const dir = tempDir("busybox");
  for (const tool of [...BASE_TOOLS, ...extra]) fs.symlinkSync(BUSYBOX as string, path.join(dir, tool));
  return dir;
}

/** A userland the agent must send from: dash with GNU tools or BusyBox sh with its applets, and a client. */
export interface Toolset {
  name: string;
  /** BusyBox wget stops at the status line of an error answer: no headers (Retry-After), no body. */
  seesErrorAnswers: boolean;
  /** Makes the PATH directory; returns the runAgent options for it and a cleanup. */
  make(): { env: Record<string, string>; shell?: string[]; cleanup(): void };
}

const onPath = (tool: string) => (process.env.PATH ?? "/usr/bin:/bin").split(":").some((d) => fs.existsSync(path.join(d, tool)));

/** The toolsets this machine has, each with a PATH holding only what the agent needs. */
export function availableToolsets(): Toolset[] {
  const withDir = (dir: string, shell?: string[]) => ({
    env: { PATH: dir, HOME: "/nonexistent" },
    shell,
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  });
  const sets: Toolset[] = [];
  if (onPath("curl")) sets.push({ name: "dash, GNU tools, curl", seesErrorAnswers: true, make: () => withDir(toolDir([...BASE_TOOLS, "curl"])) });
  if (onPath("wget")) sets.push({ name: "dash, GNU tools, GNU wget", seesErrorAnswers: true, make: () => withDir(toolDir([...BASE_TOOLS, "wget"])) });
  if (BUSYBOX) {
    const bb = [BUSYBOX, "sh"];
    sets.push({ name: "BusyBox sh and applets, BusyBox wget", seesErrorAnswers: false, make: () => withDir(busyboxDir(["wget"]), bb) });
    if (onPath("curl")) {
      sets.push({
        name: "BusyBox sh and applets, curl",
        seesErrorAnswers: true,
        make: () => {
          const dir = busyboxDir();
          const curl = toolDir(["curl"]);
          fs.renameSync(path.join(curl, "curl"), path.join(dir, "curl"));
          fs.rmSync(curl, { recursive: true, force: true });
          return withDir(dir, bb);
        },
      });
    }
  }
  return sets;
}

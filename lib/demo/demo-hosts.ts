import "server-only";
// The demo's raw material: a Debian 12 web server built from the real package list in fixtures/, and the
// small mutations that months of hand administration add to it. Deterministic: same seed, same fleet.
import { createHash } from "node:crypto";
import { DEMO_PHP_INI, demoContentHash } from "./demo-contents";
import type { AgentReport, ConfigEntry, OsFacts, Package } from "@/lib/core/types";

export interface HostState {
  hostname: string;
  machineId: string;
  packages: Map<string, Package>;
  configs: Map<string, ConfigEntry>;
  kernel: string;
}

export interface BaseImage {
  os: OsFacts;
  packages: Package[];
  conffiles: { path: string; package: string }[];
}

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

/** Stable content hash for a demo file: same path + revision → same hash on every host. */
export const contentHash = (path: string, revision: string) => demoContentHash(path, revision) ?? sha(`${path}\n${revision}`);

/** Plain (non-package) files every web server carries. */
const SITE_FILES = [
  "/etc/passwd",
  "/etc/group",
  "/etc/fstab",
  "/etc/sudoers.d/ops",
  "/etc/apache2/sites-available/app.conf",
  "/etc/apache2/sites-enabled/app.conf",
  "/etc/apache2/conf-available/security-headers.conf",
  "/etc/php/8.2/apache2/conf.d/90-app.ini",
  DEMO_PHP_INI, // with real text (demo-contents.ts): its hand edits show a line diff
  "/etc/logrotate.d/app",
  "/etc/cron.d/app-cleanup",
  "/etc/systemd/system/app-worker.service",
  "/etc/hostname",
  "/etc/hosts",
  "/etc/machine-id",
  "/etc/ssh/ssh_host_ed25519_key.pub",
];

export function buildHost(base: BaseImage, hostname: string, imageRev: string): HostState {
  const packages = new Map(base.packages.map((p) => [p.name, { ...p }]));
  const configs = new Map<string, ConfigEntry>();
  for (const c of base.conffiles) {
    configs.set(c.path, { path: c.path, type: "file", sha256: contentHash(c.path, `pkg:${packages.get(c.package)?.version}`), package: c.package, modified: false });
  }
  for (const path of SITE_FILES) {
    // Host-specific files get a per-host hash: canonicalisation must drop them or every host would be unique.
    const perHost = /hostname|hosts$|machine-id|ssh_host/.test(path);
    configs.set(path, { path, type: "file", sha256: contentHash(path, perHost ? hostname : `site:${imageRev}`) });
  }
  configs.set("/etc/localtime", { path: "/etc/localtime", type: "symlink", sha256: null, target: "/usr/share/zoneinfo/Etc/UTC" });
  return { hostname, machineId: sha(`machine:${hostname}:${imageRev}`).slice(0, 32), packages, configs, kernel: "6.1.0-28-amd64" };
}

/** Debian security-update style bump: 3.0.15-1~deb12u1 → 3.0.15-1~deb12u2; otherwise append +deb12u1. */
export function bumpVersion(v: string): string {
  const m = /^(.*deb12u)(\d+)$/.exec(v);
  if (m) return `${m[1]}${Number(m[2]) + 1}`;
  return `${v}+deb12u1`;
}

export function upgrade(h: HostState, names: string[], versions: Map<string, string>) {
  for (const name of names) {
    const p = h.packages.get(name);
    const to = versions.get(name);
    if (!p || !to) continue;
    // Debian security updates almost never ship new conffiles, so config hashes stay as they were.
    h.packages.set(name, { ...p, version: to });
  }
}

export function install(h: HostState, pkgs: Package[]) {
  for (const p of pkgs) h.packages.set(p.name, { ...p });
}

export function remove(h: HostState, names: string[]) {
  for (const n of names) h.packages.delete(n);
}

/** Someone ran an editor on a packaged config: the conffile no longer matches what its package shipped. */
export function editConfig(h: HostState, path: string, edit: string) {
  const c = h.configs.get(path);
  const base: ConfigEntry = c ?? { path, type: "file", sha256: null };
  h.configs.set(path, { ...base, sha256: contentHash(path, `edit:${edit}`), ...(base.package ? { modified: true } : {}) });
}

export function addFile(h: HostState, path: string, rev: string) {
  h.configs.set(path, { path, type: "file", sha256: contentHash(path, rev) });
}

export function toReport(h: HostState, base: BaseImage, at: Date): AgentReport {
  return {
    schema: 1,
    agentVersion: "1.0.0",
    hostname: h.hostname,
    machineId: h.machineId,
    collectedAt: at.toISOString(),
    os: { ...base.os, kernel: h.kernel },
    packages: [...h.packages.values()],
    configs: [...h.configs.values()],
  };
}

export function cloneHost(h: HostState): HostState {
  return { ...h, packages: new Map(h.packages), configs: new Map(h.configs) };
}

/** Extra packages people install by hand, with realistic bookworm versions. */
export const EXTRAS: Record<string, Package[]> = {
  phpGd: [
    { manager: "dpkg", name: "php8.2-gd", version: "8.2.29-1~deb12u1", arch: "amd64" },
    { manager: "dpkg", name: "libgd3", version: "2.3.3-9", arch: "amd64" },
    { manager: "dpkg", name: "libxpm4", version: "1:3.5.12-1.1+deb12u1", arch: "amd64" },
  ],
  debugging: [
    { manager: "dpkg", name: "htop", version: "3.2.2-2", arch: "amd64" },
    { manager: "dpkg", name: "strace", version: "6.1-0.1", arch: "amd64" },
    { manager: "dpkg", name: "tcpdump", version: "4.99.3-1", arch: "amd64" },
  ],
  redis: [{ manager: "dpkg", name: "php8.2-redis", version: "5.3.7+4.3.0-3+b1", arch: "amd64" }],
  imagemagick: [{ manager: "dpkg", name: "php-imagick", version: "3.7.0-4+b1", arch: "amd64" }],
};

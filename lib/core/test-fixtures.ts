// Shared test data for lib/core tests: a Debian 12 (bookworm) Apache + PHP web host. Not imported by
// production code. Hashes are stand-ins from a pure function (no node:crypto outside canonical.ts).
import type { ConfigEntry, Fingerprint, OsFacts, Package } from "./types";

/** Deterministic 64-hex stand-in for the sha256 of `content` (FNV-1a, 8 salted rounds). */
export function fakeSha(content: string): string {
  let out = "";
  for (let round = 0; round < 8; round++) {
    let h = 0x811c9dc5 ^ round;
    for (let i = 0; i < content.length; i++) {
      h ^= content.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    out += (h >>> 0).toString(16).padStart(8, "0");
  }
  return out;
}

export const BOOKWORM: OsFacts = {
  id: "debian",
  versionId: "12",
  prettyName: "Debian GNU/Linux 12 (bookworm)",
  kernel: "6.1.0-37-amd64",
  arch: "x86_64",
};

export function deb(name: string, version: string, arch = "amd64"): Package {
  return { manager: "dpkg", name, version, arch };
}

export function conffile(path: string, pkg: string, content = `${path} as shipped`, modified = false): ConfigEntry {
  return { path, type: "file", sha256: fakeSha(content), package: pkg, modified };
}

export function plainFile(path: string, content = `${path} content`): ConfigEntry {
  return { path, type: "file", sha256: fakeSha(content) };
}

export function symlink(path: string, target: string): ConfigEntry {
  return { path, type: "symlink", sha256: null, target };
}

export const PHP = "8.2.29-1~deb12u1";
export const APACHE = "2.4.62-1~deb12u2";
export const OPENSSL = "3.0.17-1~deb12u2";
export const LIBC = "2.36-9+deb12u10";

export const WEB_PACKAGES: readonly Package[] = [
  deb("adduser", "3.134", "all"),
  deb("apache2", APACHE),
  deb("apache2-bin", APACHE),
  deb("apache2-data", APACHE, "all"),
  deb("apache2-utils", APACHE),
  deb("apt", "2.6.1"),
  deb("base-files", "12.4+deb12u11"),
  deb("bash", "5.2.15-2+b8"),
  deb("ca-certificates", "20230311+deb12u1", "all"),
  deb("coreutils", "9.1-1"),
  deb("cron", "3.0pl1-162"),
  deb("curl", "7.88.1-10+deb12u12"),
  deb("dpkg", "1.21.22"),
  deb("libapache2-mod-php8.2", PHP),
  deb("libc-bin", LIBC),
  deb("libc6", LIBC),
  deb("libcurl4", "7.88.1-10+deb12u12"),
  deb("libssl3", OPENSSL),
  deb("logrotate", "3.21.0-1"),
  deb("openssh-server", "1:9.2p1-2+deb12u7"),
  deb("openssl", OPENSSL),
  deb("php-common", "2:93", "all"),
  deb("php8.2", PHP, "all"),
  deb("php8.2-cli", PHP),
  deb("php8.2-common", PHP),
  deb("php8.2-mysql", PHP),
  deb("php8.2-opcache", PHP),
  deb("php8.2-readline", PHP),
  deb("ssl-cert", "1.1.2", "all"),
  deb("systemd", "252.38-1~deb12u1"),
  deb("tzdata", "2025b-0+deb12u1", "all"),
  deb("zlib1g", "1:1.2.13.dfsg-1"),
];

export const PHP_INI = "/etc/php/8.2/apache2/php.ini";

export const WEB_CONFIGS: readonly ConfigEntry[] = [
  conffile("/etc/apache2/apache2.conf", "apache2"),
  symlink("/etc/apache2/mods-enabled/php8.2.load", "../mods-available/php8.2.load"),
  conffile("/etc/apache2/mods-available/php8.2.load", "libapache2-mod-php8.2"),
  conffile("/etc/apache2/ports.conf", "apache2"),
  conffile("/etc/apache2/sites-available/000-default.conf", "apache2"),
  symlink("/etc/apache2/sites-enabled/000-default.conf", "../sites-available/000-default.conf"),
  conffile("/etc/cron.d/php", "php-common"),
  plainFile("/etc/default/locale", 'LANG="C.UTF-8"\n'),
  symlink("/etc/localtime", "/usr/share/zoneinfo/Etc/UTC"),
  conffile("/etc/logrotate.d/apache2", "apache2"),
  conffile(PHP_INI, "libapache2-mod-php8.2"),
  symlink("/etc/php/8.2/apache2/conf.d/10-opcache.ini", "/etc/php/8.2/mods-available/opcache.ini"),
  conffile("/etc/php/8.2/cli/php.ini", "php8.2-cli"),
  conffile("/etc/php/8.2/mods-available/opcache.ini", "php8.2-opcache"),
  plainFile("/etc/ssh/sshd_config"),
  conffile("/etc/ssl/openssl.cnf", "openssl"),
  plainFile("/etc/timezone", "Etc/UTC\n"),
];

/** Host-specific files a raw agent report carries and a canonical fingerprint drops. */
export function volatileConfigs(host: string): ConfigEntry[] {
  return [
    plainFile("/etc/hostname", `${host}\n`),
    plainFile("/etc/hosts", `127.0.1.1 ${host}\n`),
    plainFile("/etc/machine-id", `machine-${host}`),
    plainFile("/etc/ssh/ssh_host_ed25519_key", `key-${host}`),
    plainFile("/etc/ssh/ssh_host_ed25519_key.pub", `pub-${host}`),
    plainFile("/etc/resolv.conf", `nameserver 10.0.0.${host.length}\n`),
    plainFile("/etc/passwd-", `backup-${host}`),
    plainFile("/etc/fleetprint/agent.token", `token-${host}`),
  ];
}

const byPath = (a: ConfigEntry, b: ConfigEntry) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
const byName = (a: Package, b: Package) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.arch < b.arch ? -1 : a.arch > b.arch ? 1 : 0;

/** A canonical-looking (sorted, no volatile files) fingerprint of the reference web host. */
export function webHost(): Fingerprint {
  return {
    os: { ...BOOKWORM },
    packages: WEB_PACKAGES.map((p) => ({ ...p })).sort(byName),
    configs: WEB_CONFIGS.map((c) => ({ ...c })).sort(byPath),
  };
}

/** Copy of `fp` with packages added or replaced (same name and arch), kept sorted. */
export function withPackages(fp: Fingerprint, ...pkgs: Package[]): Fingerprint {
  const rest = fp.packages.filter((p) => !pkgs.some((q) => q.name === p.name && q.arch === p.arch));
  return { ...fp, packages: [...rest, ...pkgs].sort(byName) };
}

export function withoutPackages(fp: Fingerprint, ...names: string[]): Fingerprint {
  return { ...fp, packages: fp.packages.filter((p) => !names.includes(p.name)) };
}

/** Copy of `fp` with config entries added or replaced by path, kept sorted. */
export function withConfigs(fp: Fingerprint, ...entries: ConfigEntry[]): Fingerprint {
  const rest = fp.configs.filter((c) => !entries.some((e) => e.path === c.path));
  return { ...fp, configs: [...rest, ...entries].sort(byPath) };
}

export function withoutConfigs(fp: Fingerprint, ...paths: string[]): Fingerprint {
  return { ...fp, configs: fp.configs.filter((c) => !paths.includes(c.path)) };
}

// The bench-scale fleet: N Debian 12 servers built from one image. The base is the real agent report in
// fixtures/debian-12 (284 packages, 526 config entries) padded with synthetic but Debian-shaped packages and /etc
// files to ~800 and ~1,000, the size of a real application server. Each host gets its own hostname and machine id;
// a fraction of them also carries one file of its own (/etc/network/interfaces.d/<hostname>, as per-host static
// network config does), so they are distinct fingerprints that differ from the base by one file.
//
// Bodies are never all held in memory (10,000 × ~200 KiB would be 2 GiB): the shared parts are stringified once and
// a host's body is spliced from them on demand, which takes microseconds, so 50,000 hosts stay practical.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { AgentReport, ConfigEntry, Package } from "@/lib/core/types";

export const TARGET_PACKAGES = 800;
export const TARGET_CONFIGS = 1000;
const FIXTURE = path.join(process.cwd(), "fixtures", "debian-12", "report.json");
/** Every per-host path starts with this; no base path does, so all of them sort into one place in the list. */
const HOST_FILE_DIR = "/etc/network/interfaces.d/";

const sha256Hex = (s: string | Buffer) => createHash("sha256").update(s).digest("hex");

/** A small deterministic generator (mulberry32): the same fleet on every run, so runs compare. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Stems of real Debian library and tool names; combined with a soname number they look like what `dpkg -l` shows.
const WORDS = [
  "ssl", "xml", "curl", "png", "jpeg", "gnutls", "nghttp", "idn", "zstd", "lzma", "pcre", "yaml", "uv", "event", "sodium",
  "gcrypt", "ldap", "sasl", "krb", "gssapi", "tiff", "webp", "freetype", "fontconfig", "harfbuzz", "icu", "protobuf", "grpc",
  "re", "absl", "brotli", "cairo", "pango", "glib", "gdk", "xcb", "x11", "xext", "xrender", "drm", "gbm", "pq", "mariadb",
  "sqlite", "hiredis", "memcached", "onig", "zip", "bz", "archive", "magic", "seccomp", "cap", "acl", "attr", "selinux",
  "apparmor", "audit", "pam", "nss", "systemd", "udev", "dbus", "polkit", "json", "jansson", "yajl", "msgpack", "snappy",
  "lz4", "tcl", "tk", "perl", "python", "ruby", "lua", "node", "php", "apr", "aprutil", "serf", "svn", "git", "gpgme",
  "assuan", "ksba", "npth", "tasn", "p11", "unistring", "ffi", "gmp", "mpfr", "mpc", "isl", "elf", "dw", "unwind", "numa",
];

export interface ScaleFleet {
  /** One host's exact request body (UTF-8 bytes), laid out as the agent writes it; the same bytes every time. */
  body(i: number): Buffer<ArrayBuffer>;
  /** sha256 hex of the body after its first line: what the agent sends as its content digest. */
  contentDigest(i: number): string;
  hostname(i: number): string;
  machineId(i: number): string;
  /** Whether host i carries a file of its own (a distinct fingerprint). */
  isDistinct(i: number): boolean;
  packages: number;
  configs: number;
  /** Distinct fingerprints among the N hosts (the shared base counts once when any host carries it). */
  distinctFingerprints: number;
}

function version(r: () => number): string {
  const n = (k: number) => Math.floor(r() * k);
  const epoch = r() < 0.08 ? `${1 + n(2)}:` : "";
  const upstream = r() < 0.3 ? `${n(4)}.${n(30)}` : `${n(4)}.${n(20)}.${n(12)}`;
  const suffix = r() < 0.2 ? `+deb12u${1 + n(8)}` : r() < 0.15 ? "+b1" : r() < 0.1 ? "~deb12u1" : "";
  return `${epoch}${upstream}-${1 + n(6)}${suffix}`;
}

function padPackages(base: Package[], r: () => number): Package[] {
  const out = [...base];
  const taken = new Set(base.map((p) => p.name));
  for (let k = 0; out.length < TARGET_PACKAGES; k++) {
    const word = WORDS[k % WORDS.length];
    // Most are shared libraries (amd64); some are the arch-independent -common/-data halves.
    const common = r() < 0.2;
    const name = `lib${word}${Math.floor(k / WORDS.length) + 1 + Math.floor(r() * 3)}${common ? "-common" : ""}`;
    if (taken.has(name)) continue;
    taken.add(name);
    out.push({ manager: "dpkg", name, version: version(r), arch: common ? "all" : "amd64" });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.arch < b.arch ? -1 : a.arch > b.arch ? 1 : 0));
}

function padConfigs(base: ConfigEntry[], packages: Package[], r: () => number): ConfigEntry[] {
  const out = [...base];
  const taken = new Set(base.map((c) => c.path));
  const owners = packages.filter((p) => !taken.has(`/etc/${p.name}`) && p.name.startsWith("lib"));
  const files = ["conf", "defaults.conf", "local.conf", "limits.conf", "logging.conf", "tls.conf"];
  const add = (c: ConfigEntry) => {
    if (c.path.startsWith(HOST_FILE_DIR) || taken.has(c.path)) return;
    taken.add(c.path);
    out.push(c);
  };
  for (let k = 0; out.length < TARGET_CONFIGS; k++) {
    const roll = r();
    const hash = sha256Hex(`bench-scale ${k}`);
    if (roll < 0.55) {
      // A conffile dpkg tracks: owned by a package, untouched since install.
      const p = owners[k % owners.length];
      add({ path: `/etc/${p.name}/${files[k % files.length]}`, type: "file", sha256: hash, package: p.name, modified: false });
    } else if (roll < 0.75) {
      add({ path: `/etc/systemd/system/${WORDS[k % WORDS.length]}-${k}.service`, type: "file", sha256: hash });
    } else if (roll < 0.85) {
      add({ path: `/etc/cron.d/${WORDS[k % WORDS.length]}-job-${k}`, type: "file", sha256: hash });
    } else if (roll < 0.93) {
      const w = WORDS[k % WORDS.length];
      add({ path: `/etc/ssl/certs/${w}-root-ca-${k}.pem`, type: "symlink", sha256: null, target: `/usr/share/ca-certificates/mozilla/${w}-${k}.crt` });
    } else {
      add({ path: `/etc/app/conf.d/${String(k).padStart(4, "0")}-${WORDS[k % WORDS.length]}.conf`, type: "file", sha256: hash });
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Host i is distinct when the running share of distinct hosts crosses an integer: spreads them evenly. */
const distinctAt = (i: number, fraction: number) => Math.floor((i + 1) * fraction) > Math.floor(i * fraction);

export function buildScaleFleet(hosts: number, distinctFraction: number, collectedAt = new Date()): ScaleFleet {
  const fixture = JSON.parse(fs.readFileSync(FIXTURE, "utf8")) as AgentReport;
  const r = prng(0xf1ee7);
  const packages = padPackages(fixture.packages, r);
  const configs = padConfigs(fixture.configs, packages, r);
  // Splice point for the per-host file, so the config list stays sorted by path as the agent sends it.
  const cut = configs.findIndex((c) => c.path > HOST_FILE_DIR);
  const before = cut < 0 ? configs : configs.slice(0, cut);
  const after = cut < 0 ? [] : configs.slice(cut);
  if (before.length === 0) throw new Error("the base image has no config before /etc/network: splicing assumes one");
  const json = (xs: unknown[]) => xs.map((x) => JSON.stringify(x)).join(",");
  const head = Buffer.from(`{"schema":1,"agentVersion":${JSON.stringify(fixture.agentVersion)},"hostname":`);
  // Laid out as the agent writes it: the per-host fields on the first line, the content after it (content digest).
  const stamp = Buffer.from(`,"collectedAt":${JSON.stringify(collectedAt.toISOString().replace(/\.\d+Z$/, "Z"))},\n`);
  const content = Buffer.from(`"os":${JSON.stringify(fixture.os)},"packages":[${json(packages)}],"configs":[${json(before)}`);
  const tail = Buffer.from(`${after.length ? "," + json(after) : ""}]}`);
  const hostname = (i: number) => `bench-${String(i).padStart(6, "0")}`;
  const machineId = (i: number) => sha256Hex(`machine-id ${i}`).slice(0, 32);
  const isDistinct = (i: number) => distinctAt(i, distinctFraction);
  const own = (i: number) => {
    // What a static network config looks like; the address makes every file's hash its own.
    const content = `auto ens3\niface ens3 inet static\n    address 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/8\n    gateway 10.0.0.1\n`;
    const entry: ConfigEntry = { path: HOST_FILE_DIR + hostname(i), type: "file", sha256: sha256Hex(content) };
    return Buffer.from("," + JSON.stringify(entry));
  };
  let distinctHosts = 0;
  for (let i = 0; i < hosts; i++) if (isDistinct(i)) distinctHosts++;
  let shared: string | undefined;
  const contents: string[] = [];
  return {
    // Buffers, not strings: concatenating bytes is a copy, while a spliced string costs a flatten and a UTF-8
    // encode on every send (≈1 ms for 220 KiB, as much as the server's parse).
    body: (i) => {
      const ids = Buffer.from(`"${hostname(i)}","machineId":"${machineId(i)}"`);
      return Buffer.concat(isDistinct(i) ? [head, ids, stamp, content, own(i), tail] : [head, ids, stamp, content, tail]);
    },
    // Remembered: the bench client shares the server's two cores, and hashing 215 KiB per request would be its cost.
    contentDigest: (i) =>
      (contents[i] ??= isDistinct(i) ? sha256Hex(Buffer.concat([content, own(i), tail])) : (shared ??= sha256Hex(Buffer.concat([content, tail])))),
    hostname,
    machineId,
    isDistinct,
    packages: packages.length,
    configs: configs.length,
    distinctFingerprints: distinctHosts + (distinctHosts < hosts ? 1 : 0),
  };
}

/**
 * The floor of DESIGN.md: what any server must at least do with a report (decode, JSON.parse, sha256), on one
 * core, over the same bodies, in the same run. Also yields every body's digest (sha256 hex), which the herd sends.
 */
export function measureFloor(fleet: ScaleFleet, n: number): { digests: string[]; msPer: number; perSec: number } {
  const digests: string[] = new Array(n);
  for (let i = 0; i < Math.min(n, 32); i++) JSON.parse(fleet.body(i).toString("utf8")); // warm the JIT first
  let ms = 0;
  for (let i = 0; i < n; i += 64) {
    const batch = Array.from({ length: Math.min(64, n - i) }, (_, k) => fleet.body(i + k)); // generation not timed
    const t0 = performance.now();
    batch.forEach((b, k) => {
      JSON.parse(b.toString("utf8"));
      digests[i + k] = createHash("sha256").update(b).digest("hex");
    });
    ms += performance.now() - t0;
  }
  return { digests, msPer: ms / n, perSec: (n * 1000) / ms };
}

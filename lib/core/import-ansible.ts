// Ansible facts read as an imported host. Accepted (README "Imports from other collectors"):
//  {"ansible_facts": {"packages": {...}, ...facts}, "stat": ...}  (a package_facts or setup result, or hostvars)
//  {"packages": {...}, ...facts, "stat": ...}                      (ansible_facts itself)
// packages is package_facts' map name → [{name, version, release, epoch, arch, source}]; "stat" is optional:
// ansible.builtin.stat results with checksum_algorithm: sha256, as one result, a list, or a registered loop
// ({"results": [...]}). Facts are read with or without their "ansible_" prefix.
import { agentPath, ImportProblem, isObject, text, type Imported } from "./import-report";
import type { ConfigEntry, OsFacts, Package, PackageManager } from "./types";

type Facts = Record<string, unknown>;
const MANAGERS: Record<string, PackageManager> = { apt: "dpkg", deb: "dpkg", dpkg: "dpkg", rpm: "rpm", apk: "apk" };
/** os-release IDs of Ansible's distribution names where they differ from the name in lower case. */
const OS_IDS: Record<string, string> = { redhat: "rhel", oraclelinux: "ol", "amazon linux": "amzn", amazon: "amzn" };

const fact = (facts: Facts, name: string): string => text(facts[name] ?? facts[`ansible_${name}`]);

function packageOf(entry: unknown): Package | null {
  if (!isObject(entry)) return null;
  const manager = MANAGERS[text(entry.source)];
  if (!manager) return null; // pip, snap, pkg … are not part of a host fingerprint
  const name = text(entry.name);
  const version = text(entry.version);
  const release = text(entry.release);
  const epoch = text(entry.epoch);
  let full = version;
  // apt's version is dpkg's whole Version (epoch:upstream-revision); rpm and apk split theirs.
  if (manager === "rpm") full = `${epoch ? `${epoch}:` : ""}${version}${release ? `-${release}` : ""}`;
  if (manager === "apk" && release) full = `${version}-${release}`;
  // python-apt names a foreign-arch package "libc6:i386"; the arch is its own field in our report.
  const arch = text(entry.arch);
  const bare = arch && name.endsWith(`:${arch}`) ? name.slice(0, -arch.length - 1) : name;
  return name && version ? { manager, name: bare, version: full, arch } : null;
}

/** Each stat result's `stat`, with the algorithm it was asked for (the module echoes its arguments in `invocation`). */
function statResults(v: unknown): Facts[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.flatMap(statResults);
  if (!isObject(v)) throw new ImportProblem('"stat" must be ansible.builtin.stat results: {"stat": {...}}, a list of them, or a registered loop {"results": [...]}.');
  if (Array.isArray(v.results)) return v.results.flatMap(statResults);
  if (!isObject(v.stat)) return [];
  const args = isObject(v.invocation) && isObject(v.invocation.module_args) ? v.invocation.module_args : {};
  return [{ checksum_algorithm: args.checksum_algorithm, ...v.stat }];
}

function configOf(stat: Facts): ConfigEntry | null {
  if (stat.exists === false) return null; // absent files are what the spec's drift reports, not entries
  const path = text(stat.path);
  if (!path.startsWith("/")) throw new ImportProblem(`stat result without an absolute "path": run stat with path: /etc/…`);
  if (stat.islnk === true) {
    const target = text(stat.lnk_target) || text(stat.lnk_source);
    return { path: agentPath(path), type: "symlink", sha256: null, target };
  }
  if (stat.isreg === false) return null; // directories and devices are not config files
  const checksum = text(stat.checksum).toLowerCase();
  // Without the echoed arguments, the length tells: stat's default is sha1 (40 hex digits).
  const algorithm = text(stat.checksum_algorithm).toLowerCase() || (checksum.length === 64 ? "sha256" : "sha1");
  if (!checksum) throw new ImportProblem(`stat of ${path} has no checksum: run stat with get_checksum: true and checksum_algorithm: sha256.`);
  if (algorithm !== "sha256" || !/^[0-9a-f]{64}$/.test(checksum)) {
    throw new ImportProblem(`stat of ${path} has a ${algorithm} checksum; run stat with checksum_algorithm: sha256.`);
  }
  return { path: agentPath(path), type: "file", sha256: checksum };
}

function osOf(facts: Facts): Partial<OsFacts> {
  const name = fact(facts, "distribution");
  const id = OS_IDS[name.toLowerCase()] ?? name.toLowerCase().replace(/\s+/g, "");
  const full = fact(facts, "distribution_version");
  // os-release's VERSION_ID is the major release on Debian ("12"), the full one elsewhere ("22.04", "9.3").
  const versionId = id === "debian" ? fact(facts, "distribution_major_version") || full : full;
  return { id, versionId, prettyName: [name, full].filter(Boolean).join(" "), kernel: fact(facts, "kernel") || null, arch: fact(facts, "architecture") };
}

export function importAnsible(body: unknown): Imported {
  if (!isObject(body)) throw new ImportProblem('Expected Ansible facts: {"ansible_facts": {"packages": {...}}} as package_facts returns them.');
  const facts: Facts = isObject(body.ansible_facts) ? body.ansible_facts : body;
  const map = facts.packages ?? facts.ansible_packages;
  if (!isObject(map)) throw new ImportProblem('No "packages" in these facts: run ansible.builtin.package_facts and send ansible_facts (with "packages").');
  const packages = Object.values(map)
    .flatMap((list) => (Array.isArray(list) ? list : []))
    .map(packageOf)
    .filter((p): p is Package => p !== null);
  const stats = statResults(body.stat ?? facts.stat);
  const configs = stats.map(configOf).filter((c): c is ConfigEntry => c !== null);
  return {
    hostname: text(body.hostname) || fact(facts, "hostname") || text(body.inventory_hostname) || null,
    machineId: fact(facts, "machine_id") || null,
    os: osOf(facts),
    packages,
    configs,
    configsCollected: stats.length > 0,
  };
}

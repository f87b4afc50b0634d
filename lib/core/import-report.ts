// What every import mapper produces, and how it becomes an agent report (schema 1) so that an imported host goes
// through the same validation, fingerprint and ingest as one the agent reports. Pure.
import { comparePackages, normalizePath } from "./canonical";
import type { AgentReport, ConfigEntry, OsFacts, Package } from "./types";

/** Each fact once: the query parameter's zod enum, hosts.source values and the docs read this list. */
export const IMPORT_FORMATS = ["osquery", "ansible", "cyclonedx", "spdx"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** A mapper's reading of another tool's output, before it is checked as a report. */
export interface Imported {
  hostname: string | null;
  machineId: string | null;
  os: Partial<OsFacts>;
  packages: Package[];
  configs: ConfigEntry[];
  /** False when the source reported no config files at all (an SBOM, package facts without stat results). */
  configsCollected: boolean;
}

/** Bad input, worded for the person who sent it (the service answers 400 with it). */
export class ImportProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportProblem";
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A column as text: osqueryi prints every value as a string, Fleet and Ansible may send numbers. */
export function text(v: unknown): string {
  if (typeof v === "string") return v.trim();
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return "";
}

/** The agent's spelling of a file name: newline, tab and backslash written as \n, \t and \\ (agent/README.md). */
export function agentPath(path: string): string {
  return normalizePath(path.replace(/[\\\t\n]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : "\\n")));
}

const NEUTRAL = new Set(["", "all", "noarch"]);

/** The host's architecture as the agent reports it: its package manager's native arch, else the tool's own. */
function hostArch(packages: readonly Package[], given: string | undefined): string {
  const counts = new Map<string, number>();
  for (const p of packages) if (!NEUTRAL.has(p.arch)) counts.set(p.arch, (counts.get(p.arch) ?? 0) + 1);
  let best = "";
  let n = 0;
  for (const [arch, c] of counts) if (c > n || (c === n && arch < best)) [best, n] = [arch, c];
  return best || given?.trim() || "unknown";
}

/** Exact duplicates dropped (an SBOM lists a package once per place it was found); sorted as the agent sorts. */
function uniquePackages(packages: readonly Package[]): Package[] {
  const seen = new Map<string, Package>();
  for (const p of packages) seen.set(`${p.manager}\0${p.name}\0${p.arch}\0${p.version}`, p);
  return [...seen.values()].sort(comparePackages);
}

function uniqueConfigs(configs: readonly ConfigEntry[]): ConfigEntry[] {
  const byPath = new Map<string, ConfigEntry>();
  for (const c of configs) {
    const before = byPath.get(c.path);
    if (before && (before.sha256 !== c.sha256 || before.type !== c.type || before.target !== c.target)) {
      throw new ImportProblem(`${c.path} is listed twice with different content; send each file once.`);
    }
    byPath.set(c.path, c);
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The report an import stands for. `hostname` (the request's) wins over what the data says; without either the
 * host cannot be named. Packages are required: a body with none is refused rather than stored as an empty host.
 */
export function toAgentReport(imported: Imported, format: ImportFormat, opts: { hostname?: string | null; now: Date }): AgentReport {
  const hostname = opts.hostname || imported.hostname;
  if (!hostname) throw new ImportProblem(`This ${format} body does not name its host; add &hostname=NAME to the URL.`);
  const packages = uniquePackages(imported.packages);
  if (packages.length === 0) throw new ImportProblem(`No deb, rpm or apk packages found in this ${format} body; see README "Imports from other collectors" for the shapes read.`);
  const id = imported.os.id?.trim().toLowerCase() || "unknown";
  const versionId = imported.os.versionId?.trim() ?? "";
  return {
    schema: 1,
    agentVersion: `import-${format}`,
    hostname,
    machineId: imported.machineId || null,
    collectedAt: opts.now.toISOString(),
    os: {
      id,
      versionId,
      prettyName: imported.os.prettyName?.trim() || [id, versionId].filter(Boolean).join(" "),
      kernel: imported.os.kernel?.trim() || null,
      arch: hostArch(packages, imported.os.arch),
    },
    packages,
    configs: uniqueConfigs(imported.configs),
  };
}

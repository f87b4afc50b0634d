// dpkg's status database (/var/lib/dpkg/status) as packages, conffiles and native arch.
// Mirrors what agent/fleetprint-agent.sh extracts, so a status file parsed here and one read
// by the agent on a host give the same fingerprint.
import type { Package } from "./types";

export interface DpkgConffile {
  path: string;
  /** md5 dpkg recorded for the shipped file; "newconffile" while a package is half-installed. */
  md5: string;
  package: string;
  obsolete: boolean;
}

export interface DpkgStatus {
  packages: Package[];
  conffiles: DpkgConffile[];
  /** Native architecture: the dpkg package's own arch, else the most common non-"all" arch. */
  arch: string | null;
}

/** One deb822 paragraph: lower-cased field name → value (continuation lines joined with "\n"). */
export type Deb822Stanza = Record<string, string>;

/**
 * Configured packages. "triggers-awaited"/"triggers-pending" are configured packages waiting
 * only for a trigger to run; leaving them out would show phantom "package missing" drift after
 * an interrupted apt run. half-installed, unpacked, half-configured and config-files are out.
 */
const INSTALLED_STATES = new Set(["installed", "triggers-awaited", "triggers-pending"]);

/** Split deb822 text into stanzas. Tolerates CRLF, trailing blanks and whitespace-only separators. */
export function parseDeb822(text: string): Deb822Stanza[] {
  const stanzas: Deb822Stanza[] = [];
  let current: Deb822Stanza = {};
  let field: string | null = null;
  const flush = () => {
    if (Object.keys(current).length > 0) stanzas.push(current);
    current = {};
    field = null;
  };
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\r$/, "").replace(/[ \t]+$/, "");
    if (line === "") {
      flush();
      continue;
    }
    if (line.startsWith(" ") || line.startsWith("\t")) {
      if (field !== null) current[field] += "\n" + line.replace(/^[ \t]/, "");
      continue;
    }
    if (line.startsWith("#")) continue;
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    field = line.slice(0, colon).trim().toLowerCase();
    current[field] = line.slice(colon + 1).trim();
  }
  flush();
  return stanzas;
}

/** The third word of "install ok installed" (want, error flag, state). */
export function dpkgState(status: string | undefined): string {
  return (status ?? "").trim().split(/\s+/)[2] ?? "";
}

/** Lines " /etc/path md5 [obsolete] [remove-on-upgrade]" of a Conffiles field. */
function parseConffileLines(value: string, pkg: string): DpkgConffile[] {
  const out: DpkgConffile[] = [];
  for (const line of value.split("\n")) {
    const words = line.trim().split(/\s+/).filter(Boolean);
    let obsolete = false;
    while (words.length > 2 && (words.at(-1) === "obsolete" || words.at(-1) === "remove-on-upgrade")) {
      if (words.pop() === "obsolete") obsolete = true;
    }
    if (words.length < 2) continue;
    const md5 = words.pop() as string;
    out.push({ path: words.join(" "), md5, package: pkg, obsolete });
  }
  return out;
}

export function parseDpkgStatus(text: string): DpkgStatus {
  const packages: Package[] = [];
  const archCount = new Map<string, number>();
  let dpkgArch: string | null = null;
  // One entry per path: an installed package's live entry beats an obsolete or leftover one.
  const conffiles = new Map<string, { entry: DpkgConffile; rank: number }>();

  for (const stanza of parseDeb822(text)) {
    const name = stanza["package"];
    if (!name) continue;
    const state = dpkgState(stanza["status"]);
    const installed = INSTALLED_STATES.has(state);
    const arch = stanza["architecture"] ?? "";
    const version = stanza["version"] ?? "";
    // A versionless stanza is a damaged database entry; one bad stanza must not sink the report.
    if (installed && version) {
      packages.push({ manager: "dpkg", name, version, arch });
      if (arch && arch !== "all") archCount.set(arch, (archCount.get(arch) ?? 0) + 1);
      if (name === "dpkg") dpkgArch = arch;
    }
    // config-files packages (removed, not purged) still own files on disk.
    if (state === "" || state === "not-installed" || !stanza["conffiles"]) continue;
    for (const entry of parseConffileLines(stanza["conffiles"], name)) {
      const rank = (installed ? 2 : 0) + (entry.obsolete ? 0 : 1);
      const seen = conffiles.get(entry.path);
      if (!seen || rank > seen.rank) conffiles.set(entry.path, { entry, rank });
    }
  }

  let arch = dpkgArch || null;
  if (!arch) {
    let best = 0;
    for (const [a, n] of archCount) if (n > best) [arch, best] = [a, n];
  }
  packages.sort((a, b) => cmp(a.name, b.name) || cmp(a.arch, b.arch) || cmp(a.version, b.version));
  const list = [...conffiles.values()].map((c) => c.entry).sort((a, b) => cmp(a.path, b.path));
  return { packages, conffiles: list, arch };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

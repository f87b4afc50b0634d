// Output of `rpm -qa --qf "$RPM_QUERY_FORMAT"` (what agent/fleetprint-agent.sh runs) as packages.
import type { Package } from "./types";

/**
 * The query format the agent passes to rpm, verbatim: rpm itself expands \t and \n.
 * One line per package: NAME, EPOCH ("(none)" when unset), VERSION, RELEASE, ARCH.
 */
export const RPM_QUERY_FORMAT = "%{NAME}\\t%{EPOCH}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\n";

/**
 * Version is "[epoch:]version-release", the form rpm and dnf print; the epoch is left out when
 * rpm reports "(none)". gpg-pubkey entries (imported signing keys, not software) are skipped,
 * and so are lines that do not have the five fields.
 */
export function parseRpmQa(text: string): Package[] {
  const packages: Package[] = [];
  for (const raw of text.split("\n")) {
    const fields = raw.replace(/\r$/, "").split("\t");
    if (fields.length !== 5) continue;
    const [name, epoch, version, release, arch] = fields.map((f) => f.trim());
    if (!name || !version || name === "gpg-pubkey") continue;
    const prefix = epoch && epoch !== "(none)" ? `${epoch}:` : "";
    packages.push({
      manager: "rpm",
      name,
      version: `${prefix}${version}-${release}`,
      arch: arch === "(none)" ? "" : arch,
    });
  }
  return packages.sort((a, b) => cmp(a.name, b.name) || cmp(a.arch, b.arch) || cmp(a.version, b.version));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

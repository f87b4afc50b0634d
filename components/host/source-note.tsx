// Where a host's data comes from (hosts.source), and what that means for its config files.

const LABELS: Record<string, string> = {
  agent: "fleetprint-agent",
  image: "image fingerprint",
  osquery: "osquery import",
  ansible: "Ansible facts import",
  cyclonedx: "CycloneDX SBOM import",
  spdx: "SPDX SBOM import",
};

/** "osquery import"; an unknown source is shown as stored. */
export function sourceLabel(source: string): string {
  return LABELS[source] ?? source;
}

/** Shown on the host page when the source reports no config files: the spec's files are not checked, not missing. */
export function ConfigsNotCollected({ source, configsCollected }: { source: string; configsCollected: boolean }) {
  if (configsCollected) return null;
  return (
    <p data-testid="configs-not-collected" className="rounded-md border border-sky-200 bg-sky-50 px-4 py-3 text-sm text-sky-900">
      Config files: <strong>not collected</strong>. This host&apos;s data comes from an {sourceLabel(source)}, which reports packages only, so the
      spec&apos;s pinned config files are not checked here (they are not missing). Run fleetprint-agent on it, or import with config hashes
      (osquery&apos;s hash table, Ansible stat results), to compare them.
    </p>
  );
}

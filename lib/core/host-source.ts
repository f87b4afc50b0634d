// Where a host's data comes from (hosts.source): its own agent, an image fingerprint, or another collector's
// output imported through POST /api/v1/imports. One list for the column, the hosts filter and its zod enum.
// Spelled out rather than spread from IMPORT_FORMATS: the hosts filter runs in the browser, and import-report pulls
// the canonical hashing in; the test holds the two lists together.

export const HOST_SOURCES = ["agent", "image", "osquery", "ansible", "cyclonedx", "spdx"] as const;
export type HostSource = (typeof HOST_SOURCES)[number];

export function parseHostSource(raw: string | null | undefined): HostSource | null {
  return HOST_SOURCES.find((s) => s === raw) ?? null;
}

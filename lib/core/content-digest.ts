// A report's content digest: the sha256 of its body after the first line. The agent writes the fields that differ
// from host to host (schema, agentVersion, hostname, machineId, collectedAt) on the first line and the content
// (os, packages, configs) after it, so hosts with the same content send the same digest whatever their names.
// The server checks the claim on a full report before it trusts the digest to name that report's fingerprint.
import { sha256OfText } from "./text-hash";

/**
 * The fields the first line may hold: none of them is part of a fingerprint. collectorErrors (what this host could
 * not read) is per host too; a report carrying them names no content (lib/server/read-report.ts drops the claim).
 */
export const PER_HOST_FIELDS: readonly string[] = ["schema", "agentVersion", "hostname", "machineId", "collectedAt", "collectorErrors"];

export const CONTENT_DIGEST = /^[0-9a-f]{64}$/;

export type ContentDigestCheck = { ok: true; digest: string; head: Record<string, unknown> } | { ok: false; reason: string };

/** The per-host fields of a report's first line (`{"schema":1,…,"collectedAt":"…",`), or why that line holds others. */
export function reportHead(line: string): { ok: true; head: Record<string, unknown> } | { ok: false; reason: string } {
  const text = line.trimEnd();
  let fields: unknown;
  try {
    fields = text.startsWith("{") && text.endsWith(",") ? JSON.parse(`${text.slice(0, -1)}}`) : null;
  } catch {
    fields = null;
  }
  if (!fields || typeof fields !== "object" || Array.isArray(fields)) {
    return { ok: false, reason: 'the first line must open the report object and end with a comma ({"hostname":…,"collectedAt":…,)' };
  }
  const other = Object.keys(fields).filter((k) => !PER_HOST_FIELDS.includes(k));
  if (other.length) return { ok: false, reason: `the first line may hold only ${PER_HOST_FIELDS.join(", ")}; it also holds ${other.join(", ")}` };
  return { ok: true, head: fields as Record<string, unknown> };
}

/**
 * The content digest of a report body (decoded text), or why it has none: the first line must open the JSON
 * object and hold only per-host fields (`{"schema":1,…,"collectedAt":"…",`), or the rest of the body would not
 * decide the fingerprint alone. `head`: those fields, as the first line spells them. `digestOfRest`: the sha256 of
 * what follows the first newline, when the caller has it already (from the body's bytes).
 */
export function contentDigestOf(text: string, digestOfRest: string | null = null): ContentDigestCheck {
  const nl = text.indexOf("\n");
  if (nl < 0) return { ok: false, reason: "the body is one line; put the per-host fields on the first line and the content after it" };
  const read = reportHead(text.slice(0, nl));
  if (!read.ok) return read;
  // The UTF-8 bytes the agent hashed: sha256 of what follows the first newline.
  return { ok: true, digest: digestOfRest ?? sha256OfText(text.slice(nl + 1)), head: read.head };
}

/**
 * A report laid out as the agent writes it: the per-host fields on the first line, the content after it. Any
 * collector that sends this layout (and X-Fleetprint-Content-Digest) gets content-addressed upload.
 */
export function layoutReport(report: { [key: string]: unknown; os: unknown; packages: unknown; configs: unknown }): string {
  const head = PER_HOST_FIELDS.filter((k) => k in report).map((k) => `${JSON.stringify(k)}:${JSON.stringify(report[k])}`);
  return `{${head.join(",")},\n"os":${JSON.stringify(report.os)},\n"packages":${JSON.stringify(report.packages)},\n"configs":${JSON.stringify(report.configs)}}\n`;
}

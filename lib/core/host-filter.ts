// Which hosts a host list shows for its filters. The fleet page's table and the drift export share this, so
// an export holds exactly the rows the person was looking at when they pressed Export.
import type { ReportingStatus } from "./reporting";

export interface HostFilterFlags {
  /** Hostname substring or fingerprint prefix, case-insensitive; blank means any. */
  q?: string;
  /** true: only hosts with drift; false: only hosts without (conforming, no spec, not reported); absent: any. */
  drifted?: boolean;
  snowflake?: boolean;
  /** Reporting status; the database applies it (it needs last_seen and the fleet's interval), not matchesHostFilter. */
  reporting?: ReportingStatus;
}

export interface FilterableHost {
  hostname: string;
  fingerprint: string | null;
  driftCount: number | null;
  isSnowflake: boolean;
}

/** The search box's needle: trimmed and lower-cased (fingerprints are lower-case hex). */
export function hostNeedle(q: string | undefined): string {
  return (q ?? "").trim().toLowerCase();
}

export function matchesHostText(needle: string, hostname: string, fingerprint: string | null): boolean {
  return !needle || hostname.toLowerCase().includes(needle) || (fingerprint?.startsWith(needle) ?? false);
}

export function matchesHostFilter(h: FilterableHost, f: HostFilterFlags): boolean {
  if (!matchesHostText(hostNeedle(f.q), h.hostname, h.fingerprint)) return false;
  if (f.drifted !== undefined && ((h.driftCount ?? 0) > 0) !== f.drifted) return false;
  if (f.snowflake !== undefined && h.isSnowflake !== f.snowflake) return false;
  return true;
}

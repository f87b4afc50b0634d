// Whether a host still reports: one not seen for longer than its fleet's expected interval is "not reporting".
// The database filter (lib/services/list-hosts), the worker's alert sweep and every list's badge agree because
// they all compare last_seen with now − interval, strictly.

export const REPORTING_STATUSES = ["reporting", "not-reporting", "never"] as const;
export type ReportingStatus = (typeof REPORTING_STATUSES)[number];

/** The policy setting's bounds: more often than every 5 minutes is noise; a month covers weekly cron agents. */
export const REPORTING_INTERVAL_MIN = 5;
export const REPORTING_INTERVAL_MAX = 30 * 24 * 60;
export const REPORTING_INTERVAL_DEFAULT = 180;

/**
 * How a not-reporting host counts in "conforming": by its last known fingerprint, like every other host. Its
 * last report is still the best evidence of what it runs, and a fleet's conformance should not move because a
 * network link dropped; the not-reporting count stands beside it instead, on the fleet card and header.
 */
export const CONFORMING_NOTE =
  "Hosts that stopped reporting still count by their last known fingerprint; the not-reporting count beside it says how many of those numbers may be stale.";

/** The instant before which a host's last report is too old. */
export function staleBefore(now: Date, intervalMinutes: number): Date {
  return new Date(now.getTime() - intervalMinutes * 60_000);
}

/** "never": enrolled, no check-in since; "not-reporting": last seen more than `intervalMinutes` ago. */
export function reportingStatus(lastSeen: Date | string | null, intervalMinutes: number, now: Date): ReportingStatus {
  if (lastSeen === null) return "never";
  return new Date(lastSeen).getTime() < staleBefore(now, intervalMinutes).getTime() ? "not-reporting" : "reporting";
}

/** "3 h", "90 min", "2 d": the interval as the policy page and tooltips say it. */
export function describeInterval(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} d`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}

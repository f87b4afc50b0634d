import type { AlertKind, DeliveryStatus } from "@/lib/core/alert-kinds";
import type { Tone } from "@/components/ui/badge";

export { KIND_LABELS } from "@/lib/core/alert-kinds";

export const EVENT_HINTS: Record<AlertKind, string> = {
  "host-drifted": "A host that matched the spec reports something else",
  "snowflake-new": "A host becomes unlike its peers",
  "rebuild-approval-needed": "A person asked for a rebuild; approvers are needed",
  "rebuild-failed": "A rollout stopped on a failed host",
  "host-not-reporting": "A host has not checked in for longer than the fleet's reporting interval (once, until it reports again)",
};

export const STATUS_TONE: Record<DeliveryStatus, Tone> = { pending: "amber", delivered: "green", failed: "red" };

/** "60 s", "5 min", "1 h": the grouping window in words. */
export function formatWindow(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0 && seconds >= 120) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** "in 30 s", "in 4 min" for a next attempt; "due" once its time has come. */
export function timeUntil(iso: string | null, now: string): string {
  if (!iso) return "—";
  const secs = Math.round((new Date(iso).getTime() - new Date(now).getTime()) / 1000);
  if (secs <= 0) return "due now";
  if (secs < 90) return `in ${secs} s`;
  if (secs < 5400) return `in ${Math.round(secs / 60)} min`;
  return `in ${Math.round(secs / 3600)} h`;
}

// How a batch of alerts reads in one line. The kinds themselves live in model/alert-kinds.ts, shared with the
// schema (db/ may not import lib/), and are re-exported here for the renderers and the UI.
import { ALERT_KINDS, type AlertKind } from "@/model/alert-kinds";

export { ALERT_KINDS, CHANNEL_KINDS, DELIVERY_STATUSES, type AlertKind, type ChannelKind, type DeliveryStatus } from "@/model/alert-kinds";

/** One occurrence, as stored and as rendered. `subject` is a hostname or a rebuild request id. */
export interface AlertEvent {
  kind: AlertKind;
  subject: string;
  detail: Record<string, unknown>;
  at: Date;
}

export const KIND_LABELS: Readonly<Record<AlertKind, string>> = {
  "host-drifted": "Host started drifting",
  "snowflake-new": "New snowflake",
  "rebuild-approval-needed": "Rebuild needs approval",
  "rebuild-failed": "Rebuild failed",
  "host-not-reporting": "Host stopped reporting",
};

const PHRASES: Readonly<Record<AlertKind, [string, string]>> = {
  "host-drifted": ["host started drifting", "hosts started drifting"],
  "snowflake-new": ["new snowflake", "new snowflakes"],
  "rebuild-approval-needed": ["rebuild needs approval", "rebuilds need approval"],
  "rebuild-failed": ["rebuild failed", "rebuilds failed"],
  "host-not-reporting": ["host stopped reporting", "hosts stopped reporting"],
};

/** "3 hosts started drifting, 1 new snowflake" — kinds in their fixed order, zero counts left out. */
export function describeCounts(counts: Partial<Record<AlertKind, number>>): string {
  const parts = ALERT_KINDS.filter((k) => (counts[k] ?? 0) > 0).map((k) => {
    const n = counts[k]!;
    return `${n} ${PHRASES[k][n === 1 ? 0 : 1]}`;
  });
  return parts.length ? parts.join(", ") : "no events";
}

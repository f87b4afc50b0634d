// What a fleet can be alerted about, and how a batch of alerts reads in one line. Shared by the schema
// (relative import: drizzle-kit loads it without path aliases), the renderers and the UI.

export const ALERT_KINDS = ["host-drifted", "snowflake-new", "rebuild-approval-needed", "rebuild-failed", "host-not-reporting"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const CHANNEL_KINDS = ["generic", "slack"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

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

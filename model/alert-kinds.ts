// What a fleet can be alerted about, where alerts go and how a delivery ended: the alert tables' check constraints,
// the renderers (lib/core/alert-kinds.ts) and the UI read these lists.
export const ALERT_KINDS = ["host-drifted", "snowflake-new", "rebuild-approval-needed", "rebuild-failed", "host-not-reporting"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const CHANNEL_KINDS = ["generic", "slack"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

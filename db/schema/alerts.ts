import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, check, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { ALERT_KINDS, CHANNEL_KINDS, DELIVERY_STATUSES, type AlertKind } from "../../model/alert-kinds"; // relative: drizzle-kit has no path aliases
import { fleets } from "./fleets";

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * Where a fleet's alerts go. Like provider configs, a channel names environment variables and never holds a
 * secret: the HMAC key (secret_env) and, for Slack incoming webhooks whose URL is the credential, the URL (url_env).
 */
export const alertChannels = pgTable(
  "alert_channels",
  {
    id: serial("id").primaryKey(),
    fleetId: integer("fleet_id")
      .notNull()
      .references(() => fleets.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: text("kind", { enum: CHANNEL_KINDS }).notNull(),
    url: text("url"),
    urlEnv: text("url_env"),
    secretEnv: text("secret_env"),
    events: text("events").array().$type<AlertKind[]>().notNull(),
    // Events of one window travel as one message: the alert-storm brake.
    groupSeconds: integer("group_seconds").notNull().default(60),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("alert_channels_fleet_name_idx").on(t.fleetId, t.name),
    check("alert_channels_one_url", sql`(${t.url} is null) <> (${t.urlEnv} is null)`),
  ],
);

/** One message to one channel: a window's events rendered once, so every retry sends the same body. */
export const alertDeliveries = pgTable(
  "alert_deliveries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    channelId: integer("channel_id")
      .notNull()
      .references(() => alertChannels.id, { onDelete: "cascade" }),
    test: boolean("test").notNull().default(false),
    events: integer("events").notNull().default(0),
    summary: text("summary").notNull(),
    body: text("body").notNull(),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    // Also the claim: a sender pushes it one lease ahead, so a sender that dies mid-call is retried later.
    nextAttemptAt: ts("next_attempt_at").notNull(),
    lastAttemptAt: ts("last_attempt_at"),
    lastStatus: integer("last_status"),
    lastError: text("last_error"),
    deliveredAt: ts("delivered_at"),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [index("alert_deliveries_due_idx").on(t.status, t.nextAttemptAt), index("alert_deliveries_channel_idx").on(t.channelId, t.createdAt)],
);

/**
 * One occurrence for one subscribed channel (a fleet with a generic and a Slack channel gets two rows), so
 * claiming events for a delivery is a plain conditional update on delivery_id.
 */
export const alertEvents = pgTable(
  "alert_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    fleetId: integer("fleet_id")
      .notNull()
      .references(() => fleets.id, { onDelete: "cascade" }),
    channelId: integer("channel_id")
      .notNull()
      .references(() => alertChannels.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ALERT_KINDS }).notNull(),
    subject: text("subject").notNull(),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull(),
    createdAt: ts("created_at").notNull(),
    deliveryId: bigint("delivery_id", { mode: "number" }).references(() => alertDeliveries.id, { onDelete: "cascade" }),
  },
  (t) => [
    index("alert_events_pending_idx").on(t.channelId, t.createdAt).where(sql`${t.deliveryId} is null`),
    index("alert_events_delivery_idx").on(t.deliveryId),
  ],
);

/**
 * The snowflakes of a fleet as last seen by the alert worker: a snowflake is a property of the whole cohort
 * (a host can become one because its peers changed), so new ones are found by comparing sets per revision.
 */
export const alertSnowflakeWatch = pgTable("alert_snowflake_watch", {
  fleetId: integer("fleet_id")
    .primaryKey()
    .references(() => fleets.id, { onDelete: "cascade" }),
  revision: integer("revision").notNull(),
  hostIds: integer("host_ids").array().notNull(),
  checkedAt: ts("checked_at").notNull(),
});

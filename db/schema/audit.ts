import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Append-only record of every admin change: who, what, when, from where. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actor: text("actor").notNull(), // "admin-token", "host:<id>", "system"
    action: text("action").notNull(), // "fleet.create", "spec.put", …
    subject: text("subject").notNull(),
    detail: jsonb("detail").$type<Record<string, unknown>>(),
    ip: text("ip"),
  },
  (t) => [index("audit_at_idx").on(t.at)],
);

/**
 * Fixed-window counters shared by every app instance (sign-in guessing is limited per account and per client
 * address): `key` is e.g. "sign-in:account:<email>" or "sign-in:ip:<address>".
 */
export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  hits: integer("hits").notNull(),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
  blockedUntil: timestamp("blocked_until", { withTimezone: true }),
});

import { integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import type { ConfigEntry, OsFacts, Package } from "@/lib/core/types";

/** Content-addressed: one row per distinct fingerprint however many hosts share it. */
export const fingerprints = pgTable("fingerprints", {
  hash: text("hash").primaryKey(),
  os: jsonb("os").$type<OsFacts>().notNull(),
  packages: jsonb("packages").$type<Package[]>().notNull(),
  configs: jsonb("configs").$type<ConfigEntry[]>().notNull(),
  packageCount: integer("package_count").notNull(),
  configCount: integer("config_count").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

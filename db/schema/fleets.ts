import { integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex, index } from "drizzle-orm/pg-core";
import type { Spec } from "@/lib/core/types";

export const fleets = pgTable("fleets", {
  id: serial("id").primaryKey(),
  name: text("name").notNull().unique(),
  strategy: text("strategy", { enum: ["mutable", "immutable"] }).notNull(),
  specVersion: integer("spec_version"),
  // Bumped whenever a host of the fleet changes fingerprint or the spec changes: analysis caches key on it,
  // which keeps several app instances coherent without any shared memory.
  revision: integer("revision").notNull().default(0),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const specs = pgTable(
  "specs",
  {
    fleetId: integer("fleet_id").notNull().references(() => fleets.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    body: jsonb("body").$type<Spec>().notNull(),
    yaml: text("yaml").notNull(),
    source: text("source").notNull(), // "upload" | "capture:<hostname>" | "demo"
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.fleetId, t.version] })],
);

export const enrollSecrets = pgTable(
  "enroll_secrets",
  {
    id: serial("id").primaryKey(),
    fleetId: integer("fleet_id").notNull().references(() => fleets.id, { onDelete: "cascade" }),
    secretHash: text("secret_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("enroll_secrets_hash_idx").on(t.secretHash)],
);

/** One row per fleet per point in time: the trend behind the scorecard charts. */
export const fleetSnapshots = pgTable(
  "fleet_snapshots",
  {
    fleetId: integer("fleet_id").notNull().references(() => fleets.id, { onDelete: "cascade" }),
    takenAt: timestamp("taken_at", { withTimezone: true }).notNull(),
    hosts: integer("hosts").notNull(),
    conforming: integer("conforming"),
    snowflakes: integer("snowflakes").notNull(),
    distinctFingerprints: integer("distinct_fingerprints").notNull(),
    driftItems: integer("drift_items"),
    medianDrift: integer("median_drift"),
    specVersion: integer("spec_version"),
  },
  (t) => [primaryKey({ columns: [t.fleetId, t.takenAt] }), index("fleet_snapshots_taken_idx").on(t.takenAt)],
);

import { boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, real, serial, text, timestamp, unique } from "drizzle-orm/pg-core";
import { fleets } from "./fleets";
import type { OsFacts } from "../../model/os-facts"; // relative: drizzle-kit has no path aliases

/**
 * Every distinct package (manager, name, version, arch) once, whatever the number of fingerprints that list it:
 * a fingerprint refers to items by id, so a fingerprint that differs from another by one file costs one id more.
 */
export const packageItems = pgTable(
  "package_items",
  {
    id: serial("id").primaryKey(),
    manager: text("manager").notNull(),
    name: text("name").notNull(),
    version: text("version").notNull(),
    arch: text("arch").notNull(),
  },
  (t) => [unique("package_items_content_key").on(t.manager, t.name, t.arch, t.version)],
);

/** Every distinct config entry once (path + content + conffile facts); nulls compare equal for uniqueness. */
export const configItems = pgTable(
  "config_items",
  {
    id: serial("id").primaryKey(),
    path: text("path").notNull(),
    type: text("type", { enum: ["file", "symlink"] }).notNull(),
    sha256: text("sha256"),
    target: text("target"),
    package: text("package"),
    modified: boolean("modified"),
  },
  (t) => [unique("config_items_content_key").on(t.path, t.type, t.sha256, t.target, t.package, t.modified).nullsNotDistinct()],
);

/**
 * Content-addressed: one row per distinct fingerprint however many hosts share it, holding references to its
 * items rather than a copy of them. The ids are sorted and stored as differences (the first id, then each id
 * minus the one before): a fleet's items were mostly written together, so the differences are mostly 1 and
 * TOAST compresses 1,800 references of a typical server to ~0.3 KiB instead of ~8 KiB.
 */
export const fingerprints = pgTable("fingerprints", {
  hash: text("hash").primaryKey(),
  os: jsonb("os").$type<OsFacts>().notNull(),
  packageIdDeltas: integer("package_id_deltas").array().notNull(),
  configIdDeltas: integer("config_id_deltas").array().notNull(),
  packageCount: integer("package_count").notNull(),
  configCount: integer("config_count").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * What a report's content digest names: the sha256 of a report body after its first line (the agent writes the
 * per-host fields, hostname, machine id, time, on that line and the content after it), checked by the server on a
 * full report before it is kept here. A host whose content is already known then only shows the digest at
 * check-in (content-addressed upload): a herd of identical hosts sends one body.
 */
export const contentDigests = pgTable(
  "content_digests",
  {
    digest: text("digest").primaryKey(),
    fingerprintHash: text("fingerprint_hash")
      .notNull()
      .references(() => fingerprints.hash),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // The other way round: an unchanged full report is read by the content digest of the host's fingerprint.
  (t) => [index("content_digests_fingerprint_idx").on(t.fingerprintHash)],
);

/**
 * The analysis of each distinct fingerprint within its fleet, kept by the worker: how many hosts carry it, its
 * drift against the fleet's spec version `driftSpecVersion`, and its snowflake score against the cohort. Pages
 * join hosts to this table, so filtering and sorting by drift happens in the database.
 */
export const fleetFingerprints = pgTable(
  "fleet_fingerprints",
  {
    fleetId: integer("fleet_id")
      .notNull()
      .references(() => fleets.id, { onDelete: "cascade" }),
    hash: text("hash").notNull(),
    hosts: integer("hosts").notNull(),
    driftCount: integer("drift_count"),
    driftSpecVersion: integer("drift_spec_version"),
    snowflakeScore: real("snowflake_score").notNull().default(0),
    isSnowflake: boolean("is_snowflake").notNull().default(false),
    /** The strongest snowflake reason, as a sentence (lists and exports show it without rescoring). */
    topReason: text("top_reason"),
    scoredAt: timestamp("scored_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.fleetId, t.hash] }), index("fleet_fingerprints_flags_idx").on(t.fleetId, t.isSnowflake, t.driftCount)],
);

/**
 * Per fleet, how many hosts carry each comparable value ("p\0libc6\02.36-9", "c\0/etc/php.ini\0<sha>\0…"): the
 * cohort's consensus kept as counts, so a report changes only what it changed and scoring never reloads every
 * fingerprint's content.
 */
export const fleetItemCounts = pgTable(
  "fleet_item_counts",
  {
    fleetId: integer("fleet_id")
      .notNull()
      .references(() => fleets.id, { onDelete: "cascade" }),
    item: text("item").notNull(),
    hosts: integer("hosts").notNull(),
  },
  (t) => [primaryKey({ columns: [t.fleetId, t.item] })],
);

/**
 * The drift items of each distinct fingerprint of a fleet against the fleet's current spec (the same items the
 * host page lists), kept by the worker beside drift_count: the fleet-wide drift view groups them by item and
 * weighs them by the fingerprint's hosts in SQL, so it costs distinct fingerprints, not hosts.
 */
export const fleetDriftItems = pgTable(
  "fleet_drift_items",
  {
    fleetId: integer("fleet_id").notNull(),
    hash: text("hash").notNull(),
    kind: text("kind").notNull(),
    subject: text("subject").notNull(),
    expected: text("expected"),
    actual: text("actual"),
    direction: text("direction", { enum: ["behind", "ahead"] }),
  },
  (t) => [
    foreignKey({ columns: [t.fleetId, t.hash], foreignColumns: [fleetFingerprints.fleetId, fleetFingerprints.hash] }).onDelete("cascade"),
    index("fleet_drift_items_subject_idx").on(t.fleetId, t.kind, t.subject),
    index("fleet_drift_items_hash_idx").on(t.fleetId, t.hash),
  ],
);

/**
 * The content of small world-readable text config files, stored once by sha256 whatever the number of hosts that
 * carry it: the host page and the diff show a line diff between two hashes when both contents are here.
 */
export const configContents = pgTable("config_contents", {
  sha256: text("sha256").primaryKey(),
  content: text("content").notNull(),
  size: integer("size").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * An image fingerprinted without running it (issue 10: `POST /api/v1/images`, `fleetprint-agent --image`): its
 * digest (the manifest's, or the config's for a docker archive) names the content-addressed fingerprint it holds.
 */
export const images = pgTable(
  "images",
  {
    id: serial("id").primaryKey(),
    digest: text("digest").notNull().unique(),
    tag: text("tag"),
    format: text("format").notNull(), // "oci" | "docker-archive" | "agent" (fingerprint sent by the agent's --image)
    fingerprintHash: text("fingerprint_hash").notNull().references(() => fingerprints.hash),
    fleetId: integer("fleet_id").references(() => fleets.id, { onDelete: "set null" }),
    uploadedBy: text("uploaded_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("images_fleet_idx").on(t.fleetId, t.createdAt)],
);

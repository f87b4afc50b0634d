import { boolean, integer, jsonb, pgTable, primaryKey, real, serial, text, timestamp, uniqueIndex, index } from "drizzle-orm/pg-core";
import type { Spec } from "../../model/spec"; // relative: drizzle-kit has no path aliases
import type { ProviderConfig } from "../../model/provider-config";
import { POLICY_CHANGE_STATUSES } from "../../model/policy-change-status";

export const fleets = pgTable("fleets", {
  id: serial("id").primaryKey(),
  name: text("name").notNull().unique(),
  strategy: text("strategy", { enum: ["mutable", "immutable"] }).notNull(),
  specVersion: integer("spec_version"),
  // Bumped whenever a host of the fleet changes fingerprint or the spec changes: analysis caches key on it,
  // which keeps several app instances coherent without any shared memory.
  revision: integer("revision").notNull().default(0),
  // The revision the worker last analysed (fleet_fingerprints, fleet_item_counts): behind `revision` means work.
  analyzedRevision: integer("analyzed_revision").notNull().default(-1),
  // When every fingerprint was last scored against the whole cohort (new ones are scored as they come).
  rescoredAt: timestamp("rescored_at", { withTimezone: true }),
  // Which app instance analyses the fleet now, until when (PostgreSQL, several instances): the others skip it
  // instead of reading the same revision and losing the claim on analyzed_revision after all the work.
  analysisLeaseBy: text("analysis_lease_by"),
  analysisLeaseUntil: timestamp("analysis_lease_until", { withTimezone: true }),
  // The next trend point is due at this time: claimed with a conditional UPDATE, so one writer per interval.
  snapshotDueAt: timestamp("snapshot_due_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  // Rebuild policy. Distinct approvers needed besides the requester (N of the M approvers).
  approvalsRequired: integer("approvals_required").notNull().default(1),
  // Immutable fleets may rebuild on every new spec version without a human ("automatic deploys").
  autoRebuild: boolean("auto_rebuild").notNull().default(false),
  batchSize: integer("batch_size").notNull().default(2),
  canary: boolean("canary").notNull().default(true),
  requestTtlHours: integer("request_ttl_hours").notNull().default(72),
  verifyMinutes: integer("verify_minutes").notNull().default(30),
  // Provider calls per host and request, the first included: a transient failure (429, 5xx, a busy droplet) is
  // tried again with backoff until this many calls were made.
  rebuildAttempts: integer("rebuild_attempts").notNull().default(4),
  provider: jsonb("provider").$type<ProviderConfig>(),
  // A host not seen for longer than this is "not reporting" (its status on every list, a count, an alert event).
  reportingIntervalMinutes: integer("reporting_interval_minutes").notNull().default(180),
  // Whether hosts of the fleet send the content of small world-readable config files (line diffs against the spec).
  collectContent: boolean("collect_content").notNull().default(true),
  // Snowflake score at or above which a host is a snowflake; null means the product default (SNOWFLAKE_THRESHOLD).
  snowflakeThreshold: real("snowflake_threshold"),
  // Waiver expiries of the current spec up to this instant have been applied (drift marked stale once): the
  // worker's conditional update on it decides which instance does it.
  waiversCheckedAt: timestamp("waivers_checked_at", { withTimezone: true }),
});

export const specs = pgTable(
  "specs",
  {
    fleetId: integer("fleet_id").notNull().references(() => fleets.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    body: jsonb("body").$type<Spec>().notNull(),
    yaml: text("yaml").notNull(),
    source: text("source").notNull(), // "upload" | "capture:<hostname>" | "adopt:<hostname>" | "waive" | "demo" | …
    // Who saved this version (user id, or "system") and why, in their words: the version history reads them.
    createdBy: text("created_by"),
    note: text("note"),
    // A version published from an image (issue 10): its digest ("sha256:…") and the tag it was pushed as.
    imageDigest: text("image_digest"),
    imageTag: text("image_tag"),
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

/**
 * A change to a fleet's rebuild provider or automatic rebuilds waits here for a second admin: one admin alone
 * must not be able to make the server run a command as root. status: pending → applied | rejected | superseded.
 */
export const policyChanges = pgTable(
  "policy_changes",
  {
    id: serial("id").primaryKey(),
    fleetId: integer("fleet_id").notNull().references(() => fleets.id, { onDelete: "cascade" }),
    change: jsonb("change").$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: POLICY_CHANGE_STATUSES }).notNull().default("pending"),
    requestedBy: text("requested_by").notNull(),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    decidedBy: text("decided_by"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (t) => [index("policy_changes_fleet_idx").on(t.fleetId, t.status)],
);

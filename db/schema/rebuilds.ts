import { bigserial, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { Downgrade } from "../../model/downgrade"; // relative: drizzle-kit has no path aliases
import { fleets } from "./fleets";
import { hosts } from "./hosts";

import { HOST_STATUSES, REQUEST_STATUSES } from "../../model/rebuild-status";

/** hosts + spec version + reason → approvals → jobs → provider run → verification. */
export const rebuildRequests = pgTable(
  "rebuild_requests",
  {
    id: text("id").primaryKey(),
    fleetId: integer("fleet_id").notNull().references(() => fleets.id, { onDelete: "cascade" }),
    specVersion: integer("spec_version").notNull(),
    reason: text("reason").notNull(),
    requestedBy: text("requested_by").notNull(), // user id, or "system" for automatic rebuilds
    requestedByName: text("requested_by_name").notNull(),
    status: text("status", { enum: REQUEST_STATUSES }).notNull().default("pending"),
    approvalsRequired: integer("approvals_required").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    message: text("message"),
    /** Packages the rebuild moves backwards (hosts ahead of the spec), confirmed by the requester; approvers confirm too. */
    downgrades: jsonb("downgrades").$type<Downgrade[]>().notNull().default([]),
  },
  (t) => [index("rebuild_requests_status_idx").on(t.status, t.createdAt)],
);

export const rebuildHosts = pgTable(
  "rebuild_hosts",
  {
    requestId: text("request_id").notNull().references(() => rebuildRequests.id, { onDelete: "cascade" }),
    hostId: integer("host_id").notNull().references(() => hosts.id, { onDelete: "cascade" }),
    hostname: text("hostname").notNull(),
    // The fingerprint the request was made against: an approval is void once the host changed.
    fingerprintAtRequest: text("fingerprint_at_request"),
    batch: integer("batch").notNull(),
    status: text("status", { enum: HOST_STATUSES }).notNull().default("waiting"),
    startedAt: timestamp("started_at", { withTimezone: true }),
    providerDoneAt: timestamp("provider_done_at", { withTimezone: true }),
    verifyBy: timestamp("verify_by", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    externalId: text("external_id"),
    message: text("message"),
    remainingDrift: integer("remaining_drift"),
    log: text("log").notNull().default(""),
    /** Provider calls made for this host so far (rebuild_attempts has one row each). */
    attempts: integer("attempts").notNull().default(0),
    /** When a transient failure is tried again. */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.hostId] }), index("rebuild_hosts_verify_idx").on(t.hostId, t.status)],
);

export const rebuildApprovals = pgTable(
  "rebuild_approvals",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    requestId: text("request_id").notNull().references(() => rebuildRequests.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull(),
    userName: text("user_name").notNull(),
    decision: text("decision", { enum: ["approve", "reject"] }).notNull(),
    comment: text("comment"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("rebuild_approvals_once_idx").on(t.requestId, t.userId)],
);

/** One provider call for one host of a request (or the resumption of one after a restart), as shown on its page. */
export const rebuildAttempts = pgTable(
  "rebuild_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    requestId: text("request_id").notNull().references(() => rebuildRequests.id, { onDelete: "cascade" }),
    hostId: integer("host_id").notNull(),
    attempt: integer("attempt").notNull(),
    kind: text("kind", { enum: ["call", "resume"] }).notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    /** succeeded, waiting-callback, failed (final), retrying (failed, tried again at retry_at), interrupted (a restart cut it short); null while running. */
    outcome: text("outcome", { enum: ["succeeded", "waiting-callback", "failed", "retrying", "interrupted"] }),
    message: text("message"),
    externalId: text("external_id"),
    retryAt: timestamp("retry_at", { withTimezone: true }),
  },
  (t) => [index("rebuild_attempts_request_idx").on(t.requestId, t.hostId, t.attempt)],
);

/**
 * The durable queue. Claimed with FOR UPDATE SKIP LOCKED and a lease, so several app instances never run the
 * same job; `phase` records that a provider call began, so a restart never calls the provider a second time.
 */
export const jobs = pgTable(
  "jobs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    kind: text("kind", { enum: ["rebuild-host"] }).notNull(),
    requestId: text("request_id").notNull().references(() => rebuildRequests.id, { onDelete: "cascade" }),
    hostId: integer("host_id").notNull(),
    status: text("status", { enum: ["queued", "running", "done"] }).notNull().default("queued"),
    phase: text("phase", { enum: ["new", "invoking", "invoked"] }).notNull().default("new"),
    runAfter: timestamp("run_after", { withTimezone: true }).notNull().defaultNow(),
    lockedBy: text("locked_by"),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("jobs_claim_idx").on(t.status, t.runAfter), uniqueIndex("jobs_once_idx").on(t.requestId, t.hostId, t.kind)],
);

import { bigint, bigserial, boolean, customType, index, integer, jsonb, pgTable, pgView, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { HostEvent } from "../../model/host-event"; // relative: drizzle-kit has no path aliases
import { enrollSecrets, fleets } from "./fleets";
import { fingerprints } from "./fingerprints";
import { bytesToHex, digestFromBytes, digestToBytes, hexToBytes } from "../hash-bytes";

// Hashes as bytes (db/hash-bytes.ts): half the width of their hex in every row version and index entry. Raw SQL
// writes them with decode(…, 'hex') and fleetprint_digest_bytes(…) (migrations 0019, 0020).
const sha256Bytes = customType<{ data: string; driverData: Uint8Array }>({ dataType: () => "bytea", toDriver: hexToBytes, fromDriver: bytesToHex });
const digestBytes = customType<{ data: string; driverData: Uint8Array }>({ dataType: () => "bytea", toDriver: digestToBytes, fromDriver: digestFromBytes });

export const hosts = pgTable(
  "hosts",
  {
    id: serial("id").primaryKey(),
    fleetId: integer("fleet_id").notNull().references(() => fleets.id, { onDelete: "cascade" }),
    hostname: text("hostname").notNull(),
    machineId: text("machine_id"),
    hostKeyHash: sha256Bytes("host_key_hash"),
    fingerprintHash: text("fingerprint_hash").references(() => fingerprints.hash),
    // The agent's digest of the last report the server accepted: an unchanged check-in is compared with it.
    reportDigest: digestBytes("report_digest"),
    enrolledAt: timestamp("enrolled_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeen: timestamp("last_seen", { withTimezone: true }),
    lastChanged: timestamp("last_changed", { withTimezone: true }),
    // Last (re)build from spec: feeds the scorecard's age metric. Enrolment counts as the first build.
    lastBuilt: timestamp("last_built", { withTimezone: true }).notNull().defaultNow(),
    providerRef: text("provider_ref"),
    // The enroll secret its current key was issued through: revoking the secret can revoke those keys too.
    enrollSecretId: integer("enroll_secret_id").references(() => enrollSecrets.id, { onDelete: "set null" }),
    // Set when an admin revoked its key (host_key_hash is then null): the host must enroll again.
    keyRevokedAt: timestamp("key_revoked_at", { withTimezone: true }),
    // Set by the worker when the host passed its fleet's reporting interval without a word (and the alert event
    // went out); cleared when it reports again. The status itself is computed from last_seen, this is the latch.
    notReportingSince: timestamp("not_reporting_since", { withTimezone: true }),
    // Where its data comes from (issue 10): "agent" (fleetprint-agent), "image" (an image fingerprinted as a host),
    // or an import format ("osquery", "ansible", "cyclonedx", "spdx"). Shown on the host page and lists.
    source: text("source").notNull().default("agent"),
    // False when its source reports no config files (an SBOM, package facts without stat): a spec's pinned
    // configs then read "not collected" on this host instead of "missing".
    configsCollected: boolean("configs_collected").notNull().default(true),
    // What a collector could not read in the last accepted report ("rpm database unreadable: …"); null when all
    // read. Not part of the fingerprint: the report's other collectors are stored as usual.
    collectorErrors: jsonb("collector_errors").$type<{ collector: string; message: string }[]>(),
  },
  (t) => [
    uniqueIndex("hosts_fleet_hostname_idx").on(t.fleetId, t.hostname),
    uniqueIndex("hosts_key_idx").on(t.hostKeyHash),
    index("hosts_hostname_idx").on(t.hostname),
    // Enrolment looks a machine up by its id within the fleet (a renamed host continues its record).
    index("hosts_machine_idx").on(t.fleetId, t.machineId),
  ],
);

/** Every change of a host's fingerprint, with its time: the host's history. */
export const hostHistory = pgTable(
  "host_history",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    hostId: integer("host_id").notNull().references(() => hosts.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true }).notNull(),
    event: text("event").$type<HostEvent>().notNull(),
    fingerprintHash: text("fingerprint_hash").references(() => fingerprints.hash),
    previousHash: text("previous_hash"),
    // What an identity event changed, e.g. {"previousMachineId": "…", "machineId": "…"} for "replaced".
    detail: jsonb("detail").$type<Record<string, unknown>>(),
  },
  (t) => [index("host_history_host_idx").on(t.hostId, t.at)],
);

/**
 * A host's history as it is listed: the rows of host_history and its enrolment, which is the host row itself (its
 * enrolled_at), so enrolling a host writes no history row (issue 7's storage per host). The enrolment's id is minus
 * the host's id: it never meets a history row's, and sorts first among events of the same instant. Migration 0020.
 */
export const hostEvents = pgView("host_events", {
  id: bigint("id", { mode: "number" }).notNull(),
  hostId: integer("host_id").notNull(),
  at: timestamp("at", { withTimezone: true }).notNull(),
  event: text("event").$type<HostEvent>().notNull(),
  fingerprintHash: text("fingerprint_hash"),
  previousHash: text("previous_hash"),
  detail: jsonb("detail").$type<Record<string, unknown>>(),
}).existing();

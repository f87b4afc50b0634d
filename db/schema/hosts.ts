import { bigserial, boolean, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { HostEvent } from "../../model/host-event"; // relative: drizzle-kit has no path aliases
import { enrollSecrets, fleets } from "./fleets";
import { fingerprints } from "./fingerprints";

export const hosts = pgTable(
  "hosts",
  {
    id: serial("id").primaryKey(),
    fleetId: integer("fleet_id").notNull().references(() => fleets.id, { onDelete: "cascade" }),
    hostname: text("hostname").notNull(),
    machineId: text("machine_id"),
    hostKeyHash: text("host_key_hash"),
    fingerprintHash: text("fingerprint_hash").references(() => fingerprints.hash),
    // The agent's digest of the last report the server accepted: an unchanged check-in is compared with it.
    reportDigest: text("report_digest"),
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

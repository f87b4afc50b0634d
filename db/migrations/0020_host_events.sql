-- A host's enrolment is its row (hosts.enrolled_at, set in the same statement as the history row was): the
-- 'enrolled' history row repeated it, and cost ~160 bytes per host with its index entries (issue 7's storage per
-- host). Hosts are now enrolled without one; the history is listed through host_events, which adds the enrolment
-- back with id = -host id (unique, and first among events of the same instant).
CREATE VIEW "host_events" AS
  SELECT "id", "host_id", "at", "event", "fingerprint_hash", "previous_hash", "detail" FROM "host_history"
  UNION ALL
  SELECT -"id"::bigint, "id", "enrolled_at", 'enrolled', NULL::text, NULL::text, NULL::jsonb FROM "hosts";--> statement-breakpoint
DELETE FROM "host_history" WHERE "event" = 'enrolled';

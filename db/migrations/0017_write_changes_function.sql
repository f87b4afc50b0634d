-- The statement lib/services/record-changes.ts writeChanges runs for every batch of reports, as a function: a
-- plpgsql function keeps its statement's plan for the session, where the statement sent as text was planned on
-- every call (~1 ms, as long as running it for a few hosts). Same statement, same arguments: the input columns.
CREATE OR REPLACE FUNCTION fleetprint_write_changes(ids int[], hashes text[], digests text[], mids text[], ats timestamptz[], contents text[], errs text[])
RETURNS TABLE (host_id int, previous_hash text)
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH input AS (
    SELECT * FROM unnest(ids, hashes, digests, mids, ats, contents, errs) AS i(id, hash, digest, mid, at, content, errors)),
  old AS (SELECT h.id, h.fingerprint_hash FROM hosts h WHERE h.id IN (SELECT input.id FROM input) ORDER BY h.id FOR UPDATE),
  changed AS (
    UPDATE hosts h SET fingerprint_hash = i.hash, last_seen = i.at, not_reporting_since = NULL, last_changed = i.at, report_digest = i.digest,
      machine_id = coalesce(i.mid, h.machine_id), collector_errors = i.errors::jsonb
    FROM input i JOIN old o ON o.id = i.id
    WHERE h.id = i.id AND o.fingerprint_hash IS DISTINCT FROM i.hash
    RETURNING h.id, h.fleet_id, i.hash, i.at, o.fingerprint_hash AS previous),
  same AS (
    UPDATE hosts h SET last_seen = i.at, not_reporting_since = NULL, report_digest = i.digest, collector_errors = i.errors::jsonb
    FROM input i JOIN old o ON o.id = i.id
    WHERE h.id = i.id AND o.fingerprint_hash IS NOT DISTINCT FROM i.hash),
  history AS (
    INSERT INTO host_history (host_id, at, event, fingerprint_hash, previous_hash)
    SELECT c.id, c.at, 'fingerprint', c.hash, c.previous FROM changed c),
  stored AS (
    INSERT INTO content_digests (digest, fingerprint_hash)
    SELECT DISTINCT ON (i.content) i.content, i.hash FROM input i WHERE i.content IS NOT NULL
    ON CONFLICT DO NOTHING),
  revision AS (
    UPDATE fleets f SET revision = f.revision + n.k
    FROM (SELECT c.fleet_id, count(*)::int AS k FROM changed c GROUP BY c.fleet_id) n WHERE f.id = n.fleet_id)
  SELECT c.id, c.previous FROM changed c;
END
$fn$;

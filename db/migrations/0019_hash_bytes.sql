-- Hashes as bytes instead of hex text (issue 7's storage per host): 32 bytes less in every version of a host's
-- row for each, and in each entry of hosts_key_idx. The host key's sha256 was always hex the server computed. The
-- report digest is any of the texts the API takes: a lowercase hex sha256 (what fleetprint-agent sends) becomes its
-- 32 bytes, any other a zero byte and its text, two zero bytes when one would make 32 (db/hash-bytes.ts, same rule,
-- reads both back as the text that was sent).
CREATE OR REPLACE FUNCTION fleetprint_digest_bytes(d text) RETURNS bytea LANGUAGE sql IMMUTABLE AS $fn$
  SELECT CASE WHEN d ~ '^[0-9a-f]{64}$' THEN decode(d, 'hex')
    WHEN octet_length(d) = 31 THEN '\x0000'::bytea || convert_to(d, 'UTF8')
    ELSE '\x00'::bytea || convert_to(d, 'UTF8') END
$fn$;--> statement-breakpoint
ALTER TABLE "hosts" ALTER COLUMN "host_key_hash" SET DATA TYPE bytea USING decode("host_key_hash", 'hex');--> statement-breakpoint
ALTER TABLE "hosts" ALTER COLUMN "report_digest" SET DATA TYPE bytea USING fleetprint_digest_bytes("report_digest");--> statement-breakpoint
-- writeChanges (lib/services/record-changes.ts) as in migration 0017, writing the digest as bytes.
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
    UPDATE hosts h SET fingerprint_hash = i.hash, last_seen = i.at, not_reporting_since = NULL, last_changed = i.at, report_digest = fleetprint_digest_bytes(i.digest),
      machine_id = coalesce(i.mid, h.machine_id), collector_errors = i.errors::jsonb
    FROM input i JOIN old o ON o.id = i.id
    WHERE h.id = i.id AND o.fingerprint_hash IS DISTINCT FROM i.hash
    RETURNING h.id, h.fleet_id, i.hash, i.at, o.fingerprint_hash AS previous),
  same AS (
    UPDATE hosts h SET last_seen = i.at, not_reporting_since = NULL, report_digest = fleetprint_digest_bytes(i.digest), collector_errors = i.errors::jsonb
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

-- A batch of changed reports in one statement: the new fingerprints' rows, then the changes (fleetprint_write_changes,
-- 0019). On the embedded database every statement pays a fixed ~0.3 ms on the thread that serves requests (parse,
-- run, commit, the answer); a herd's batches hold a few hosts each, so the separate fingerprints insert was a
-- third of their statements. The rows reference items stored before this call (fingerprint-store.ts).
CREATE OR REPLACE FUNCTION fleetprint_store_and_write_changes(fp_hashes text[], fp_os text[], fp_packages text[], fp_configs text[], fp_package_counts int[], fp_config_counts int[],
  ids int[], hashes text[], digests text[], mids text[], ats timestamptz[], contents text[], errs text[])
RETURNS TABLE (host_id int, previous_hash text)
LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO fingerprints (hash, os, package_id_deltas, config_id_deltas, package_count, config_count)
  SELECT i.h, i.o::jsonb, i.p::int[], i.c::int[], i.pc, i.cc
  FROM unnest(fp_hashes, fp_os, fp_packages, fp_configs, fp_package_counts, fp_config_counts) AS i(h, o, p, c, pc, cc)
  ON CONFLICT (hash) DO NOTHING;
  RETURN QUERY SELECT w.host_id, w.previous_hash FROM fleetprint_write_changes(ids, hashes, digests, mids, ats, contents, errs) AS w;
END
$fn$;

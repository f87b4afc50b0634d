-- A batch of changed reports whose new items (a host's own config file, a new package version) are few: the items
-- go in the same statement as the fingerprints' rows and the changes, under ids the caller reserved from their
-- sequences (fingerprint-store.ts), instead of a statement of their own before it (a 10,000-host herd: ~950 of
-- them, 1.7 ms each on the thread that serves requests). A plain insert: an item some other writer stored
-- meanwhile (another instance; this process after a restart, before its memory of items is warm) raises
-- unique_violation, nothing of the batch is written, and the caller writes it the two-statement way.
CREATE OR REPLACE FUNCTION fleetprint_store_items_and_write_changes(
  pi_ids int[], pi_managers text[], pi_names text[], pi_versions text[], pi_arches text[],
  ci_ids int[], ci_paths text[], ci_types text[], ci_sha256s text[], ci_targets text[], ci_packages text[], ci_modified boolean[],
  fp_hashes text[], fp_os text[], fp_packages text[], fp_configs text[], fp_package_counts int[], fp_config_counts int[],
  ids int[], hashes text[], digests text[], mids text[], ats timestamptz[], contents text[], errs text[])
RETURNS TABLE (host_id int, previous_hash text)
LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO package_items (id, manager, name, version, arch)
  SELECT * FROM unnest(pi_ids, pi_managers, pi_names, pi_versions, pi_arches);
  INSERT INTO config_items (id, path, type, sha256, target, package, modified)
  SELECT * FROM unnest(ci_ids, ci_paths, ci_types, ci_sha256s, ci_targets, ci_packages, ci_modified);
  RETURN QUERY SELECT w.host_id, w.previous_hash FROM fleetprint_store_and_write_changes(fp_hashes, fp_os, fp_packages, fp_configs,
    fp_package_counts, fp_config_counts, ids, hashes, digests, mids, ats, contents, errs) AS w;
END
$fn$;

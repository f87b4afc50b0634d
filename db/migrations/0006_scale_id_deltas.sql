-- Item references as differences of sorted ids (see db/schema/fingerprints.ts): written from the plain ids,
-- which the next migration drops.
ALTER TABLE "fingerprints" ADD COLUMN "package_id_deltas" integer[];--> statement-breakpoint
ALTER TABLE "fingerprints" ADD COLUMN "config_id_deltas" integer[];--> statement-breakpoint
UPDATE "fingerprints" f SET
  "package_id_deltas" = coalesce((select array_agg(v - coalesce(prev, 0) order by o)
    from (select v, o, lag(v) over (order by v) as prev from unnest(f.package_ids) with ordinality as u(v, o)) s), '{}'),
  "config_id_deltas" = coalesce((select array_agg(v - coalesce(prev, 0) order by o)
    from (select v, o, lag(v) over (order by v) as prev from unnest(f.config_ids) with ordinality as u(v, o)) s), '{}');--> statement-breakpoint
ALTER TABLE "fingerprints" ALTER COLUMN "package_id_deltas" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "fingerprints" ALTER COLUMN "config_id_deltas" SET NOT NULL;

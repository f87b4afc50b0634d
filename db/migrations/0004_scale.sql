CREATE TABLE "config_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"path" text NOT NULL,
	"type" text NOT NULL,
	"sha256" text,
	"target" text,
	"package" text,
	"modified" boolean,
	CONSTRAINT "config_items_content_key" UNIQUE NULLS NOT DISTINCT("path","type","sha256","target","package","modified")
);
--> statement-breakpoint
CREATE TABLE "fleet_fingerprints" (
	"fleet_id" integer NOT NULL,
	"hash" text NOT NULL,
	"hosts" integer NOT NULL,
	"drift_count" integer,
	"drift_spec_version" integer,
	"snowflake_score" real DEFAULT 0 NOT NULL,
	"is_snowflake" boolean DEFAULT false NOT NULL,
	"top_reason" text,
	"scored_at" timestamp with time zone,
	CONSTRAINT "fleet_fingerprints_fleet_id_hash_pk" PRIMARY KEY("fleet_id","hash")
);
--> statement-breakpoint
CREATE TABLE "fleet_item_counts" (
	"fleet_id" integer NOT NULL,
	"item" text NOT NULL,
	"hosts" integer NOT NULL,
	CONSTRAINT "fleet_item_counts_fleet_id_item_pk" PRIMARY KEY("fleet_id","item")
);
--> statement-breakpoint
CREATE TABLE "package_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"manager" text NOT NULL,
	"name" text NOT NULL,
	"version" text NOT NULL,
	"arch" text NOT NULL,
	CONSTRAINT "package_items_content_key" UNIQUE("manager","name","arch","version")
);
--> statement-breakpoint
ALTER TABLE "fingerprints" ALTER COLUMN "packages" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "fingerprints" ALTER COLUMN "configs" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "fleets" ADD COLUMN "analyzed_revision" integer DEFAULT -1 NOT NULL;--> statement-breakpoint
ALTER TABLE "fleets" ADD COLUMN "rescored_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "fleets" ADD COLUMN "snapshot_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "fingerprints" ADD COLUMN "package_ids" integer[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "fingerprints" ADD COLUMN "config_ids" integer[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "hosts" ADD COLUMN "report_digest" text;--> statement-breakpoint
ALTER TABLE "fleet_fingerprints" ADD CONSTRAINT "fleet_fingerprints_fleet_id_fleets_id_fk" FOREIGN KEY ("fleet_id") REFERENCES "public"."fleets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fleet_item_counts" ADD CONSTRAINT "fleet_item_counts_fleet_id_fleets_id_fk" FOREIGN KEY ("fleet_id") REFERENCES "public"."fleets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fleet_fingerprints_flags_idx" ON "fleet_fingerprints" USING btree ("fleet_id","is_snowflake","drift_count");--> statement-breakpoint
-- Existing fingerprints move from whole-list copies to references to items stored once.
INSERT INTO "package_items" ("manager", "name", "version", "arch")
SELECT DISTINCT p->>'manager', p->>'name', p->>'version', p->>'arch' FROM "fingerprints" f, jsonb_array_elements(f."packages") p
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "config_items" ("path", "type", "sha256", "target", "package", "modified")
SELECT DISTINCT c->>'path', c->>'type', c->>'sha256', c->>'target', c->>'package', (c->>'modified')::boolean FROM "fingerprints" f, jsonb_array_elements(f."configs") c
ON CONFLICT DO NOTHING;--> statement-breakpoint
UPDATE "fingerprints" f SET
  "package_ids" = coalesce((SELECT array_agg(i."id" ORDER BY i."id") FROM jsonb_array_elements(f."packages") p JOIN "package_items" i
    ON i."manager" = p->>'manager' AND i."name" = p->>'name' AND i."version" = p->>'version' AND i."arch" = p->>'arch'), '{}'),
  "config_ids" = coalesce((SELECT array_agg(i."id" ORDER BY i."id") FROM jsonb_array_elements(f."configs") c JOIN "config_items" i
    ON i."path" = c->>'path' AND i."type" = c->>'type' AND i."sha256" IS NOT DISTINCT FROM c->>'sha256' AND i."target" IS NOT DISTINCT FROM c->>'target'
    AND i."package" IS NOT DISTINCT FROM c->>'package' AND i."modified" IS NOT DISTINCT FROM (c->>'modified')::boolean), '{}')
WHERE f."packages" IS NOT NULL;

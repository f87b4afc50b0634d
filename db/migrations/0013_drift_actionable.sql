CREATE TABLE "config_contents" (
	"sha256" text PRIMARY KEY NOT NULL,
	"content" text NOT NULL,
	"size" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fleet_drift_items" (
	"fleet_id" integer NOT NULL,
	"hash" text NOT NULL,
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"expected" text,
	"actual" text,
	"direction" text
);
--> statement-breakpoint
ALTER TABLE "fleets" ADD COLUMN "reporting_interval_minutes" integer DEFAULT 180 NOT NULL;--> statement-breakpoint
ALTER TABLE "fleets" ADD COLUMN "collect_content" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "fleets" ADD COLUMN "snowflake_threshold" real;--> statement-breakpoint
ALTER TABLE "specs" ADD COLUMN "created_by" text;--> statement-breakpoint
ALTER TABLE "specs" ADD COLUMN "note" text;--> statement-breakpoint
ALTER TABLE "hosts" ADD COLUMN "not_reporting_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "fleet_drift_items" ADD CONSTRAINT "fleet_drift_items_fleet_id_hash_fleet_fingerprints_fleet_id_hash_fk" FOREIGN KEY ("fleet_id","hash") REFERENCES "public"."fleet_fingerprints"("fleet_id","hash") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fleet_drift_items_subject_idx" ON "fleet_drift_items" USING btree ("fleet_id","kind","subject");--> statement-breakpoint
CREATE INDEX "fleet_drift_items_hash_idx" ON "fleet_drift_items" USING btree ("fleet_id","hash");
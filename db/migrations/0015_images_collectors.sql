CREATE TABLE "images" (
	"id" serial PRIMARY KEY NOT NULL,
	"digest" text NOT NULL,
	"tag" text,
	"format" text NOT NULL,
	"fingerprint_hash" text NOT NULL,
	"fleet_id" integer,
	"uploaded_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "images_digest_unique" UNIQUE("digest")
);
--> statement-breakpoint
ALTER TABLE "specs" ADD COLUMN "image_digest" text;--> statement-breakpoint
ALTER TABLE "specs" ADD COLUMN "image_tag" text;--> statement-breakpoint
ALTER TABLE "hosts" ADD COLUMN "source" text DEFAULT 'agent' NOT NULL;--> statement-breakpoint
ALTER TABLE "hosts" ADD COLUMN "configs_collected" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "hosts" ADD COLUMN "collector_errors" jsonb;--> statement-breakpoint
ALTER TABLE "images" ADD CONSTRAINT "images_fingerprint_hash_fingerprints_hash_fk" FOREIGN KEY ("fingerprint_hash") REFERENCES "public"."fingerprints"("hash") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "images" ADD CONSTRAINT "images_fleet_id_fleets_id_fk" FOREIGN KEY ("fleet_id") REFERENCES "public"."fleets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "images_fleet_idx" ON "images" USING btree ("fleet_id","created_at");
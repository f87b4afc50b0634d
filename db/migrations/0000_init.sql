CREATE TABLE "enroll_secrets" (
	"id" serial PRIMARY KEY NOT NULL,
	"fleet_id" integer NOT NULL,
	"secret_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "fleet_snapshots" (
	"fleet_id" integer NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	"hosts" integer NOT NULL,
	"conforming" integer,
	"snowflakes" integer NOT NULL,
	"distinct_fingerprints" integer NOT NULL,
	"drift_items" integer,
	"median_drift" integer,
	"spec_version" integer,
	CONSTRAINT "fleet_snapshots_fleet_id_taken_at_pk" PRIMARY KEY("fleet_id","taken_at")
);
--> statement-breakpoint
CREATE TABLE "fleets" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"strategy" text NOT NULL,
	"spec_version" integer,
	"revision" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fleets_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "specs" (
	"fleet_id" integer NOT NULL,
	"version" integer NOT NULL,
	"body" jsonb NOT NULL,
	"yaml" text NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "specs_fleet_id_version_pk" PRIMARY KEY("fleet_id","version")
);
--> statement-breakpoint
CREATE TABLE "fingerprints" (
	"hash" text PRIMARY KEY NOT NULL,
	"os" jsonb NOT NULL,
	"packages" jsonb NOT NULL,
	"configs" jsonb NOT NULL,
	"package_count" integer NOT NULL,
	"config_count" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "host_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"host_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"event" text NOT NULL,
	"fingerprint_hash" text,
	"previous_hash" text
);
--> statement-breakpoint
CREATE TABLE "hosts" (
	"id" serial PRIMARY KEY NOT NULL,
	"fleet_id" integer NOT NULL,
	"hostname" text NOT NULL,
	"machine_id" text,
	"host_key_hash" text,
	"fingerprint_hash" text,
	"enrolled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen" timestamp with time zone,
	"last_changed" timestamp with time zone,
	"last_built" timestamp with time zone DEFAULT now() NOT NULL,
	"provider_ref" text
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"subject" text NOT NULL,
	"detail" jsonb,
	"ip" text
);
--> statement-breakpoint
ALTER TABLE "enroll_secrets" ADD CONSTRAINT "enroll_secrets_fleet_id_fleets_id_fk" FOREIGN KEY ("fleet_id") REFERENCES "public"."fleets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fleet_snapshots" ADD CONSTRAINT "fleet_snapshots_fleet_id_fleets_id_fk" FOREIGN KEY ("fleet_id") REFERENCES "public"."fleets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "specs" ADD CONSTRAINT "specs_fleet_id_fleets_id_fk" FOREIGN KEY ("fleet_id") REFERENCES "public"."fleets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "host_history" ADD CONSTRAINT "host_history_host_id_hosts_id_fk" FOREIGN KEY ("host_id") REFERENCES "public"."hosts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "host_history" ADD CONSTRAINT "host_history_fingerprint_hash_fingerprints_hash_fk" FOREIGN KEY ("fingerprint_hash") REFERENCES "public"."fingerprints"("hash") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hosts" ADD CONSTRAINT "hosts_fleet_id_fleets_id_fk" FOREIGN KEY ("fleet_id") REFERENCES "public"."fleets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hosts" ADD CONSTRAINT "hosts_fingerprint_hash_fingerprints_hash_fk" FOREIGN KEY ("fingerprint_hash") REFERENCES "public"."fingerprints"("hash") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "enroll_secrets_hash_idx" ON "enroll_secrets" USING btree ("secret_hash");--> statement-breakpoint
CREATE INDEX "fleet_snapshots_taken_idx" ON "fleet_snapshots" USING btree ("taken_at");--> statement-breakpoint
CREATE INDEX "host_history_host_idx" ON "host_history" USING btree ("host_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "hosts_fleet_hostname_idx" ON "hosts" USING btree ("fleet_id","hostname");--> statement-breakpoint
CREATE UNIQUE INDEX "hosts_key_idx" ON "hosts" USING btree ("host_key_hash");--> statement-breakpoint
CREATE INDEX "hosts_hostname_idx" ON "hosts" USING btree ("hostname");--> statement-breakpoint
CREATE INDEX "hosts_fingerprint_idx" ON "hosts" USING btree ("fleet_id","fingerprint_hash");--> statement-breakpoint
CREATE INDEX "audit_at_idx" ON "audit_log" USING btree ("at");
CREATE TABLE "jobs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"request_id" text NOT NULL,
	"host_id" integer NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"phase" text DEFAULT 'new' NOT NULL,
	"run_after" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_by" text,
	"locked_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rebuild_approvals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" text NOT NULL,
	"user_id" text NOT NULL,
	"user_name" text NOT NULL,
	"decision" text NOT NULL,
	"comment" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rebuild_hosts" (
	"request_id" text NOT NULL,
	"host_id" integer NOT NULL,
	"hostname" text NOT NULL,
	"fingerprint_at_request" text,
	"batch" integer NOT NULL,
	"status" text DEFAULT 'waiting' NOT NULL,
	"started_at" timestamp with time zone,
	"provider_done_at" timestamp with time zone,
	"verify_by" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"external_id" text,
	"message" text,
	"remaining_drift" integer,
	"log" text DEFAULT '' NOT NULL,
	CONSTRAINT "rebuild_hosts_request_id_host_id_pk" PRIMARY KEY("request_id","host_id")
);
--> statement-breakpoint
CREATE TABLE "rebuild_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"fleet_id" integer NOT NULL,
	"spec_version" integer NOT NULL,
	"reason" text NOT NULL,
	"requested_by" text NOT NULL,
	"requested_by_name" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"approvals_required" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"message" text
);
--> statement-breakpoint
ALTER TABLE "fleets" ADD COLUMN "approvals_required" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "fleets" ADD COLUMN "auto_rebuild" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "fleets" ADD COLUMN "batch_size" integer DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE "fleets" ADD COLUMN "canary" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "fleets" ADD COLUMN "request_ttl_hours" integer DEFAULT 72 NOT NULL;--> statement-breakpoint
ALTER TABLE "fleets" ADD COLUMN "verify_minutes" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "fleets" ADD COLUMN "provider" jsonb;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_request_id_rebuild_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."rebuild_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rebuild_approvals" ADD CONSTRAINT "rebuild_approvals_request_id_rebuild_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."rebuild_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rebuild_hosts" ADD CONSTRAINT "rebuild_hosts_request_id_rebuild_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."rebuild_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rebuild_hosts" ADD CONSTRAINT "rebuild_hosts_host_id_hosts_id_fk" FOREIGN KEY ("host_id") REFERENCES "public"."hosts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rebuild_requests" ADD CONSTRAINT "rebuild_requests_fleet_id_fleets_id_fk" FOREIGN KEY ("fleet_id") REFERENCES "public"."fleets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "jobs_claim_idx" ON "jobs" USING btree ("status","run_after");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_once_idx" ON "jobs" USING btree ("request_id","host_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "rebuild_approvals_once_idx" ON "rebuild_approvals" USING btree ("request_id","user_id");--> statement-breakpoint
CREATE INDEX "rebuild_hosts_verify_idx" ON "rebuild_hosts" USING btree ("host_id","status");--> statement-breakpoint
CREATE INDEX "rebuild_requests_status_idx" ON "rebuild_requests" USING btree ("status","created_at");
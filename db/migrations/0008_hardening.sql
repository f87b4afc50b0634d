CREATE TABLE "policy_changes" (
	"id" serial PRIMARY KEY NOT NULL,
	"fleet_id" integer NOT NULL,
	"change" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"hits" integer NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"blocked_until" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "host_history" ADD COLUMN "detail" jsonb;--> statement-breakpoint
ALTER TABLE "hosts" ADD COLUMN "enroll_secret_id" integer;--> statement-breakpoint
ALTER TABLE "hosts" ADD COLUMN "key_revoked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "policy_changes" ADD CONSTRAINT "policy_changes_fleet_id_fleets_id_fk" FOREIGN KEY ("fleet_id") REFERENCES "public"."fleets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "policy_changes_fleet_idx" ON "policy_changes" USING btree ("fleet_id","status");--> statement-breakpoint
ALTER TABLE "hosts" ADD CONSTRAINT "hosts_enroll_secret_id_enroll_secrets_id_fk" FOREIGN KEY ("enroll_secret_id") REFERENCES "public"."enroll_secrets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- The audit log is append-only in the database itself, whatever the app's role may do: UPDATE, DELETE and
-- TRUNCATE raise. (Dropping the whole database, or a superuser disabling the trigger, stays possible, by design.)
CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;--> statement-breakpoint
CREATE TRIGGER "audit_log_no_update_delete" BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();--> statement-breakpoint
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"();

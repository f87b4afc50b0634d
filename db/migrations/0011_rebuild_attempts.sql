CREATE TABLE "rebuild_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" text NOT NULL,
	"host_id" integer NOT NULL,
	"attempt" integer NOT NULL,
	"kind" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"outcome" text,
	"message" text,
	"external_id" text,
	"retry_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "fleets" ADD COLUMN "rebuild_attempts" integer DEFAULT 4 NOT NULL;--> statement-breakpoint
ALTER TABLE "rebuild_hosts" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rebuild_hosts" ADD COLUMN "next_attempt_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "rebuild_attempts" ADD CONSTRAINT "rebuild_attempts_request_id_rebuild_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."rebuild_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rebuild_attempts_request_idx" ON "rebuild_attempts" USING btree ("request_id","host_id","attempt");
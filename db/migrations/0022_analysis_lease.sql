ALTER TABLE "fleets" ADD COLUMN "analysis_lease_by" text;--> statement-breakpoint
ALTER TABLE "fleets" ADD COLUMN "analysis_lease_until" timestamp with time zone;
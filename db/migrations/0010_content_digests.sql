CREATE TABLE "content_digests" (
	"digest" text PRIMARY KEY NOT NULL,
	"fingerprint_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "content_digests" ADD CONSTRAINT "content_digests_fingerprint_hash_fingerprints_hash_fk" FOREIGN KEY ("fingerprint_hash") REFERENCES "public"."fingerprints"("hash") ON DELETE no action ON UPDATE no action;
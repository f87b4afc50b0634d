ALTER TABLE "fingerprints" DROP COLUMN "package_ids";--> statement-breakpoint
ALTER TABLE "fingerprints" DROP COLUMN "config_ids";
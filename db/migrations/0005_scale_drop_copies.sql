ALTER TABLE "fingerprints" DROP COLUMN "packages";--> statement-breakpoint
ALTER TABLE "fingerprints" DROP COLUMN "configs";
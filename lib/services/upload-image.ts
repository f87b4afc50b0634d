import "server-only";
// An image's fingerprint, as `fleetprint-agent --image` printed it, kept under its digest (POST /api/v1/images),
// and optionally published as the fleet's next spec version in the same transaction.
import { eq } from "drizzle-orm";
import { images } from "@/db/schema";
import type { Db } from "@/db/client";
import { identify } from "@/lib/core/canonical";
import type { AgentReport } from "@/lib/core/types";
import { badRequest, conflict } from "@/lib/server/errors";
import { writeAudit, type Actor } from "./audit";
import { findFleet } from "./find-fleet";
import { storeFingerprint } from "./fingerprint-store";
import { publishImageInTx } from "./publish-image-spec";
import { afterSpecSaved } from "./save-spec";

export interface UploadImageInput {
  fleet: string;
  report: AgentReport;
  /** Overrides the tag the agent read from the archive (?tag=). */
  tag?: string | null;
  publish: boolean;
  note?: string | null;
}

export interface UploadedImage {
  /** True when this digest is new here (201); false: it was uploaded before with the same content (200). */
  created: boolean;
  digest: string;
  tag: string | null;
  format: string;
  fingerprint: string;
  packages: number;
  configs: number;
  fleet: string;
  /** The spec version published from it (publish=1), else null. */
  specVersion: number | null;
}

export async function uploadImage(db: Db, actor: Actor, input: UploadImageInput, now = new Date()): Promise<UploadedImage> {
  const ref = input.report.image;
  if (!ref) throw badRequest('The report names no image: make it with `fleetprint-agent --image FILE.tar --print` (it adds "image": {digest, tag, format}), or upload the archive itself as application/x-tar.');
  const { hash, fingerprint } = identify(input.report);
  const tag = input.tag ?? ref.tag ?? null;
  const result = await db.transaction(async (tx) => {
    const fleet = await findFleet(tx, input.fleet);
    await storeFingerprint(tx, hash, fingerprint);
    const [inserted] = await tx
      .insert(images)
      .values({ digest: ref.digest, tag, format: ref.format, fingerprintHash: hash, fleetId: fleet.id, uploadedBy: actor.name, createdAt: now })
      .onConflictDoNothing({ target: images.digest })
      .returning();
    const image = inserted ?? (await tx.select().from(images).where(eq(images.digest, ref.digest)))[0];
    // A digest names one content: the same digest with another fingerprint means a different agent or rules, or a
    // forged report. Keep what is stored and say so rather than choose.
    if (image.fingerprintHash !== hash) {
      throw conflict(`Image ${ref.digest} was uploaded before with fingerprint ${image.fingerprintHash}; this upload's is ${hash}. An image digest names one content: check which agent version fingerprinted it.`);
    }
    if (inserted) await writeAudit(tx, actor, "image.upload", fleet.name, { digest: ref.digest, tag, format: ref.format, fingerprint: hash });
    const published = input.publish ? await publishImageInTx(tx, actor, fleet, image, now, input.note) : null;
    return { fleetId: fleet.id, fleet: fleet.name, created: !!inserted, image, published };
  });
  if (result.published?.published) await afterSpecSaved(db, result.fleetId, now);
  const { image } = result;
  return {
    created: result.created,
    digest: image.digest,
    tag: image.tag,
    format: image.format,
    fingerprint: hash,
    packages: fingerprint.packages.length,
    configs: fingerprint.configs.length,
    fleet: result.fleet,
    specVersion: result.published?.version ?? null,
  };
}

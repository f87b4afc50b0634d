import "server-only";
// "This fleet must be what image X is": the fleet's next spec version captured from an image's fingerprint, by the
// same rule as "capture from this host" (capture-spec.ts saveCapture), carrying the image's digest and tag.
import { and, eq } from "drizzle-orm";
import { fleets, images, specs } from "@/db/schema";
import type { Db, Tx } from "@/db/client";
import { imageLabel, imageSource } from "@/lib/core/image-ref";
import { notFound } from "@/lib/server/errors";
import type { Actor } from "./audit";
import { saveCapture } from "./capture-spec";
import { findFleet } from "./find-fleet";
import { loadFingerprint } from "./fingerprint-store";
import { afterSpecSaved } from "./save-spec";

export interface PublishedImage {
  version: number;
  /** False when the fleet's current version was already published from this image (nothing saved). */
  published: boolean;
}

type Fleet = Pick<typeof fleets.$inferSelect, "id" | "name" | "specVersion">;
type Image = { digest: string; tag: string | null; fingerprintHash: string };

/**
 * Inside the caller's transaction. A CI job that runs twice publishes once: when the current version already came
 * from this digest it is answered as is, so a re-run does not add a version (nor trigger another rebuild).
 */
export async function publishImageInTx(tx: Tx, actor: Actor, fleet: Fleet, image: Image, now: Date, note?: string | null): Promise<PublishedImage> {
  if (fleet.specVersion !== null) {
    const [current] = await tx.select({ digest: specs.imageDigest }).from(specs).where(and(eq(specs.fleetId, fleet.id), eq(specs.version, fleet.specVersion)));
    if (current?.digest === image.digest) return { version: fleet.specVersion, published: false };
  }
  const fp = await loadFingerprint(tx, image.fingerprintHash);
  if (!fp) throw notFound(`The fingerprint of image ${image.digest} is not stored; upload the image again.`);
  const version = await saveCapture(tx, actor, fleet, fp, imageLabel(image.digest, image.tag), imageSource(image.digest), {
    now,
    note: note ?? null,
    image: { digest: image.digest, tag: image.tag },
    audit: { image: image.digest, ...(image.tag ? { tag: image.tag } : {}), fingerprint: image.fingerprintHash },
  });
  return { version, published: true };
}

/** Publishes an image uploaded before (the fleet page's "publish as spec"); 404 for a digest never uploaded. */
export async function publishImageSpec(db: Db, actor: Actor, fleetName: string, digest: string, opts: { note?: string | null; now?: Date } = {}) {
  const now = opts.now ?? new Date();
  const result = await db.transaction(async (tx) => {
    const fleet = await findFleet(tx, fleetName);
    const [image] = await tx.select({ digest: images.digest, tag: images.tag, fingerprintHash: images.fingerprintHash }).from(images).where(eq(images.digest, digest));
    if (!image) throw notFound(`No image ${digest} was uploaded; POST it to /api/v1/images first.`);
    return { fleetId: fleet.id, ...(await publishImageInTx(tx, actor, fleet, image, now, opts.note)) };
  });
  if (result.published) await afterSpecSaved(db, result.fleetId, now);
  return { version: result.version, published: result.published };
}

import "server-only";
// The demo's immutable fleet is built from images: each spec version captured from its golden host is shown as the
// image that host was built from, with a digest derived from the fingerprint it held (the same on every seed) and a
// dated tag, and the fleet page lists those images. Runs after the story is seeded.
import { and, asc, desc, eq, lte, sql } from "drizzle-orm";
import { fleets, hostHistory, hosts, images, specs } from "@/db/schema";
import type { Db } from "@/db/client";
import { sha256OfText } from "@/lib/core/text-hash";
import { imageSource } from "@/lib/core/image-ref";

const FLEET = "web-immutable";

/** A stand-in digest for an image the demo never built, derived from the fingerprint it holds. */
export const demoImageDigest = (fingerprintHash: string) => `sha256:${sha256OfText(`fleetprint-demo-image\0${fingerprintHash}`)}`;

export async function seedDemoImages(db: Db): Promise<void> {
  const [fleet] = await db.select({ id: fleets.id }).from(fleets).where(eq(fleets.name, FLEET));
  if (!fleet) return;
  const versions = await db.select({ version: specs.version, source: specs.source, createdAt: specs.createdAt }).from(specs).where(eq(specs.fleetId, fleet.id)).orderBy(asc(specs.version));
  for (const v of versions) {
    if (!v.source.startsWith("capture:")) continue;
    const hostname = v.source.slice("capture:".length);
    // The fingerprint the golden host held when the version was captured from it.
    const [held] = await db
      .select({ hash: hostHistory.fingerprintHash })
      .from(hostHistory)
      .innerJoin(hosts, eq(hosts.id, hostHistory.hostId))
      .where(and(eq(hosts.fleetId, fleet.id), eq(hosts.hostname, hostname), lte(hostHistory.at, v.createdAt), sql`${hostHistory.fingerprintHash} is not null`))
      .orderBy(desc(hostHistory.at))
      .limit(1);
    if (!held?.hash) continue;
    const digest = demoImageDigest(held.hash);
    const tag = `registry.demo.fleetprint/web:${v.createdAt.toISOString().slice(0, 10)}`;
    await db.insert(images).values({ digest, tag, format: "oci", fingerprintHash: held.hash, fleetId: fleet.id, uploadedBy: "ci@demo.fleetprint", createdAt: v.createdAt }).onConflictDoNothing({ target: images.digest });
    await db.update(specs).set({ imageDigest: digest, imageTag: tag, source: imageSource(digest) }).where(and(eq(specs.fleetId, fleet.id), eq(specs.version, v.version)));
  }
}

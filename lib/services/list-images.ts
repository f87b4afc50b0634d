import "server-only";
// The images uploaded (POST /api/v1/images), newest first, one page at a time; filtered and paged in the database.
import { and, count, desc, eq, ilike, or, type SQL } from "drizzle-orm";
import { fleets, images } from "@/db/schema";
import type { Db } from "@/db/client";
import type { ImageRow } from "@/lib/core/image-ref";
import { findFleet } from "./find-fleet";

export const MAX_IMAGES_PAGE = 500;

export interface ImageFilter {
  fleet?: string;
  /** Digest or tag contains this. */
  q?: string;
  limit?: number;
  offset?: number;
}

async function whereOf(db: Db, f: ImageFilter): Promise<SQL | undefined> {
  const where: SQL[] = [];
  if (f.fleet) where.push(eq(images.fleetId, (await findFleet(db, f.fleet)).id));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, "\\$&")}%`;
    where.push(or(ilike(images.digest, like), ilike(images.tag, like))!);
  }
  return where.length ? and(...where) : undefined;
}

function pageQuery(db: Db, where: SQL | undefined, limit: number, offset: number) {
  return db
    .select({ digest: images.digest, tag: images.tag, format: images.format, fingerprint: images.fingerprintHash, fleet: fleets.name, uploadedBy: images.uploadedBy, createdAt: images.createdAt })
    .from(images)
    .leftJoin(fleets, eq(fleets.id, images.fleetId))
    .where(where)
    .orderBy(desc(images.createdAt), desc(images.id))
    .limit(limit)
    .offset(offset);
}

const toRow = (r: Omit<ImageRow, "createdAt"> & { createdAt: Date }): ImageRow => ({ ...r, createdAt: r.createdAt.toISOString() });

/** One page and the total matching; an unknown fleet is a 404 (a typo must not read as "no images"). */
export async function listImages(db: Db, f: ImageFilter): Promise<{ images: ImageRow[]; total: number; offset: number }> {
  const where = await whereOf(db, f);
  const offset = f.offset ?? 0;
  const rows = await pageQuery(db, where, Math.min(f.limit ?? 50, MAX_IMAGES_PAGE), offset);
  const [{ n }] = await db.select({ n: count() }).from(images).where(where);
  return { images: rows.map(toRow), total: Number(n), offset };
}

/** Every matching image, a page at a time (the CSV export). Fails on an unknown fleet before the first page. */
export async function eachImagePage(db: Db, f: Omit<ImageFilter, "limit" | "offset">, pageSize = MAX_IMAGES_PAGE): Promise<AsyncGenerator<ImageRow[]>> {
  const where = await whereOf(db, f);
  async function* pages(): AsyncGenerator<ImageRow[]> {
    for (let offset = 0; ; offset += pageSize) {
      const rows = await pageQuery(db, where, pageSize, offset);
      if (rows.length) yield rows.map(toRow);
      if (rows.length < pageSize) return;
    }
  }
  return pages();
}

// Facts about images (issue 10) defined once: the digest and format an image report carries, the tag an upload may
// name, how a spec version published from an image is labelled, and the images list as CSV. Pure, and safe in the
// browser (the image badge uses it): nothing of node here, and no zod (its eval probe breaks the pages' CSP; the
// schemas are in image-schema.ts).
import { csvRecord, csvText } from "./csv";

export const IMAGE_FORMATS = ["oci", "docker-archive"] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

export const IMAGE_DIGEST = /^sha256:[0-9a-f]{64}$/;
/** A reference as `docker tag` writes it: [registry[:port]/]repo[:tag][@digest]; one token, printable, bounded. */
export const IMAGE_TAG = /^[A-Za-z0-9][A-Za-z0-9._\-/:@]*$/;
export const MAX_IMAGE_TAG = 255;


/** Default FLEETPRINT_IMAGE_MAX_BYTES: 2 GiB, more than a server image saved with `docker save` usually weighs. */
export const DEFAULT_IMAGE_MAX_BYTES = 2 * 1024 ** 3;

/** The upload limit from the environment; a value that is not a positive whole number of bytes is refused loudly. */
export function imageMaxBytes(env: Record<string, string | undefined>): number {
  const raw = env.FLEETPRINT_IMAGE_MAX_BYTES?.trim();
  if (!raw) return DEFAULT_IMAGE_MAX_BYTES;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`FLEETPRINT_IMAGE_MAX_BYTES must be a positive whole number of bytes, not "${raw}".`);
  return n;
}

/** specs.source of a version published from an image. */
export const imageSource = (digest: string) => `image:${digest}`;

/** "sha256:0123456789ab": enough to tell images apart on a page; the full digest is in the title and the API. */
export const shortDigest = (digest: string) => digest.slice(0, "sha256:".length + 12);

/** How the spec YAML's header names the image: its tag when it has one, with the short digest. */
export const imageLabel = (digest: string, tag: string | null) => (tag ? `${tag} (${shortDigest(digest)})` : shortDigest(digest));

export interface ImageRow {
  digest: string;
  tag: string | null;
  format: string;
  fingerprint: string;
  fleet: string | null;
  uploadedBy: string | null;
  createdAt: string;
}

export const IMAGES_CSV_HEADER = csvRecord(["digest", "tag", "format", "fingerprint", "fleet", "uploaded_by", "created_at"]);

export function imageCsvRecord(r: ImageRow): string {
  return csvRecord([csvText(r.digest), csvText(r.tag), csvText(r.format), csvText(r.fingerprint), csvText(r.fleet), csvText(r.uploadedBy), csvText(r.createdAt)]);
}

export const imagesFilename = (fleet: string | undefined, now: Date) => `fleetprint-images${fleet ? `-${fleet}` : ""}-${now.toISOString().slice(0, 10)}.csv`;

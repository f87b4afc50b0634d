import "server-only";
// An image archive from a request body to a file in a private temp folder: streamed (never held in memory),
// gunzipped when marked so, bounded by FLEETPRINT_IMAGE_MAX_BYTES, and removed whatever happens.
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable, Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { formatBytes } from "./body-limits";
import { AppError, badRequest } from "./errors";

export const imageTooLarge = (limit: number) =>
  new AppError(
    "payload_too_large",
    `Image exceeds the ${formatBytes(limit)} limit of /api/v1/images (FLEETPRINT_IMAGE_MAX_BYTES on the server). Run \`fleetprint-agent --image FILE.tar --print\` in CI and upload its JSON report instead, or raise the limit.`,
  );

/** Counts what passes and fails the stream past `limit` bytes. */
class ByteLimit extends Transform {
  size = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.size += chunk.length;
    if (this.size > this.limit) return done(imageTooLarge(this.limit));
    done(null, chunk);
  }
}

/**
 * Runs `fn` on the uploaded archive. The folder is made by mkdtemp (mode 0700, a fresh unguessable name under the
 * system temp dir) and the file inside it is created exclusively, so nothing else can read or swap it.
 */
export async function withUploadedImage<T>(body: ReadableStream<Uint8Array> | null, contentEncoding: string | null, limit: number, fn: (file: string) => Promise<T>): Promise<T> {
  if (!body) throw badRequest("Request body is empty; send the image archive (docker save, or a tar of an OCI layout).");
  const encoding = (contentEncoding ?? "").toLowerCase();
  if (encoding && encoding !== "gzip" && encoding !== "identity") throw new AppError("unsupported_media_type", `Content-Encoding "${encoding}" is not supported; send gzip or plain.`);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "fleetprint-image-"));
  try {
    const file = path.join(dir, "image.tar");
    const counter = new ByteLimit(limit);
    const source = Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>);
    const sink = createWriteStream(file, { flags: "wx", mode: 0o600 });
    try {
      // The limit applies to what lands on disk (after gunzip), so a small gzip bomb is stopped at the limit too.
      if (encoding === "gzip") await pipeline(source, createGunzip(), counter, sink);
      else await pipeline(source, counter, sink);
    } catch (e) {
      if (e instanceof AppError) throw e;
      if ((e as NodeJS.ErrnoException).code?.startsWith("Z_")) throw badRequest("Body is marked Content-Encoding: gzip but is not valid gzip data.");
      throw e;
    }
    if (counter.size === 0) throw badRequest("Request body is empty; send the image archive (docker save, or a tar of an OCI layout).");
    return await fn(file);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

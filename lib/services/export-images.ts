import "server-only";
// The images list as a CSV stream: every matching image, a page at a time.
import type { Db } from "@/db/client";
import { UTF8_BOM } from "@/lib/core/csv";
import { IMAGES_CSV_HEADER, imageCsvRecord } from "@/lib/core/image-ref";
import { eachImagePage, type ImageFilter } from "./list-images";

/** Fails (unknown fleet) before the first byte; then yields the header and the records page by page. */
export async function exportImages(db: Db, filter: Omit<ImageFilter, "limit" | "offset">): Promise<AsyncGenerator<Uint8Array>> {
  const pages = await eachImagePage(db, filter);
  const enc = new TextEncoder();
  async function* rows(): AsyncGenerator<Uint8Array> {
    yield enc.encode(UTF8_BOM + IMAGES_CSV_HEADER);
    for await (const page of pages) yield enc.encode(page.map(imageCsvRecord).join(""));
  }
  return rows();
}

// sha256 hex of a string's UTF-8 bytes. Node 20 writes a one-byte (ASCII) string as UTF-8 as fast as it copies it
// as Latin-1 (0.16 ms for a 200 KiB canonical fingerprint either way), so no scan for non-ASCII first: that scan
// cost more than the hash did (0.12 ms a report).
import { createHash } from "node:crypto";

export function sha256OfText(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** sha256 hex of the UTF-8 bytes of `parts` joined, without joining them (a 200 KiB text is not built to be hashed). */
export function sha256OfParts(parts: Iterable<string>): string {
  const h = createHash("sha256");
  for (const p of parts) h.update(p, "utf8");
  return h.digest("hex");
}

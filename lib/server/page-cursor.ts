import "server-only";
// Paged list APIs hand out an opaque cursor: today the offset of the next page, base64url-encoded, so the paging
// can change (keyset) without clients changing.
import { badRequest } from "./errors";

export const encodeCursor = (offset: number) => Buffer.from(JSON.stringify({ o: offset })).toString("base64url");

export function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  try {
    const o = (JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { o?: unknown }).o;
    if (typeof o === "number" && Number.isInteger(o) && o >= 0) return o;
  } catch {
    /* answered below */
  }
  throw badRequest("cursor: not a cursor this server handed out; use nextCursor from the previous page as it is.");
}

/** The cursor of the page after this one, null on the last page. */
export const nextCursor = (offset: number, shown: number, total: number) => (offset + shown < total ? encodeCursor(offset + shown) : null);

import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { badRequest } from "@/lib/server/errors";
import { route } from "@/lib/server/http";
import { hostQuerySchema, parseWith, queryObject } from "@/lib/server/validate";
import { listHosts } from "@/lib/services/list-hosts";

/** The cursor is opaque to clients: today the offset of the next page, base64url-encoded. */
const encodeCursor = (offset: number) => Buffer.from(JSON.stringify({ o: offset })).toString("base64url");
function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  try {
    const o = (JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { o?: unknown }).o;
    if (typeof o === "number" && Number.isInteger(o) && o >= 0) return o;
  } catch {
    /* answered below */
  }
  throw badRequest("cursor: not a cursor this server handed out; use nextCursor from the previous page as it is.");
}

export const GET = route(async (req: Request) => {
  await requireRole(req, "viewer");
  const { cursor, ...filter } = parseWith(hostQuerySchema, queryObject(req.url));
  const page = await listHosts(await getDb(), { ...filter, offset: decodeCursor(cursor) });
  const next = page.offset + page.hosts.length;
  return NextResponse.json({ count: page.hosts.length, total: page.total, hosts: page.hosts, nextCursor: next < page.total ? encodeCursor(next) : null });
});

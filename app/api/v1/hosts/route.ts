import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { route } from "@/lib/server/http";
import { decodeCursor, nextCursor } from "@/lib/server/page-cursor";
import { hostQuerySchema, parseWith, queryObject } from "@/lib/server/validate";
import { listHosts } from "@/lib/services/list-hosts";

export const GET = route(async (req: Request) => {
  await requireRole(req, "viewer");
  const { cursor, ...filter } = parseWith(hostQuerySchema, queryObject(req.url));
  const page = await listHosts(await getDb(), { ...filter, offset: decodeCursor(cursor) });
  return NextResponse.json({ count: page.hosts.length, total: page.total, hosts: page.hosts, nextCursor: nextCursor(page.offset, page.hosts.length, page.total) });
});

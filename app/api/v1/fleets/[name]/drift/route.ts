import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { fleetDriftFilename } from "@/lib/core/fleet-drift";
import { requireRole } from "@/lib/server/auth";
import { fleetDriftQuerySchema } from "@/lib/server/fleet-drift-schemas";
import { route } from "@/lib/server/http";
import { decodeCursor, nextCursor } from "@/lib/server/page-cursor";
import { streamedDownloadHeaders, streamFrom } from "@/lib/server/stream";
import { parseWith, queryObject } from "@/lib/server/validate";
import { exportFleetDrift } from "@/lib/services/export-fleet-drift";
import { listFleetDrift } from "@/lib/services/list-fleet-drift";

/** The fleet's drift grouped by item, one page (JSON) or every matching item (format=csv, streamed). */
export const GET = route(async (req: Request, ctx: { params: Promise<{ name: string }> }) => {
  await requireRole(req, "viewer");
  const { name } = await ctx.params;
  const { cursor, format, limit, ...filter } = parseWith(fleetDriftQuerySchema, queryObject(req.url));
  const db = await getDb();
  if (format === "csv") {
    const rows = await exportFleetDrift(db, name, filter);
    return new Response(streamFrom(rows, "fleet drift export"), { headers: streamedDownloadHeaders("text/csv; charset=utf-8", fleetDriftFilename(name, new Date())) });
  }
  const page = await listFleetDrift(db, name, { ...filter, limit, offset: decodeCursor(cursor) });
  return NextResponse.json({ ...page, count: page.items.length, nextCursor: nextCursor(page.offset, page.items.length, page.total) });
});

import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { hostParams } from "@/lib/server/host-params";
import { hostHistoryQuerySchema } from "@/lib/server/history-schemas";
import { route } from "@/lib/server/http";
import { parseWith, queryObject } from "@/lib/server/validate";
import { listHostHistory } from "@/lib/services/list-host-history";

/** ?limit= (default 200): the host's fingerprint timeline, each change counted against the content before it. */
export const GET = route(async (req: Request, ctx: { params: Promise<{ hostname: string }> }) => {
  await requireRole(req, "viewer");
  const { hostname, fleet } = await hostParams(req, ctx);
  const { limit } = parseWith(hostHistoryQuerySchema, queryObject(req.url));
  return NextResponse.json(await listHostHistory(await getDb(), hostname, fleet, limit));
});

import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { fleetHistoryQuerySchema } from "@/lib/server/history-schemas";
import { route } from "@/lib/server/http";
import { parseWith, queryObject } from "@/lib/server/validate";
import { getFleetHistory } from "@/lib/services/get-fleet-history";

/** ?days= (default 180): the daily trend of the fleet and the time to converge after each spec version. */
export const GET = route(async (req: Request, ctx: { params: Promise<{ name: string }> }) => {
  await requireRole(req, "viewer");
  const { name } = await ctx.params;
  const { days } = parseWith(fleetHistoryQuerySchema, queryObject(req.url));
  return NextResponse.json(await getFleetHistory(await getDb(), name, days));
});

import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { clientIp, route } from "@/lib/server/http";
import { actorOf } from "@/lib/server/principal";
import { cancelRebuild } from "@/lib/services/cancel-rebuild";

export const POST = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const who = await requireRole(req, "operator");
  const { id } = await ctx.params;
  return NextResponse.json(await cancelRebuild(await getDb(), who, actorOf(who, clientIp(req)), id));
});

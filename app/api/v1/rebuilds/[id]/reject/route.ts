import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { clientIp, readJson, route } from "@/lib/server/http";
import { actorOf } from "@/lib/server/principal";
import { rejectSchema } from "@/lib/server/rebuild-schemas";
import { parseWith } from "@/lib/server/validate";
import { rejectRebuild } from "@/lib/services/reject-rebuild";

export const POST = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const who = await requireRole(req, "approver");
  const { id } = await ctx.params;
  const { comment } = parseWith(rejectSchema, await readJson(req, 16 * 1024));
  return NextResponse.json(await rejectRebuild(await getDb(), who, actorOf(who, clientIp(req)), id, comment));
});

import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { clientIp, readOptionalJson, route } from "@/lib/server/http";
import { actorOf } from "@/lib/server/principal";
import { approveSchema } from "@/lib/server/rebuild-schemas";
import { parseWith } from "@/lib/server/validate";
import { approveRebuild } from "@/lib/services/approve-rebuild";

/** 200 {status: approved|pending}; 409 when stale (the request says why), decided, or expired. */
export const POST = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const who = await requireRole(req, "approver");
  const { id } = await ctx.params;
  const { comment, confirmDowngrades } = parseWith(approveSchema, await readOptionalJson(req, 16 * 1024));
  const result = await approveRebuild(await getDb(), who, actorOf(who, clientIp(req)), id, comment ?? null, new Date(), { confirmDowngrades });
  if (result.status === "stale") return NextResponse.json({ error: { code: "conflict", message: result.message }, status: "stale" }, { status: 409 });
  return NextResponse.json(result);
});

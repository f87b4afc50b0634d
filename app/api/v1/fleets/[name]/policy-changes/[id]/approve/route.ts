import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { clientIp, route } from "@/lib/server/http";
import { actorOf } from "@/lib/server/principal";
import { idParam } from "@/lib/server/validate";
import { approvePolicyChange } from "@/lib/services/approve-policy-change";

/** A second admin applies a pending policy change (the requester gets 403; a decided change 409). */
export const POST = route(async (req: Request, ctx: { params: Promise<{ name: string; id: string }> }) => {
  const who = await requireRole(req, "admin");
  const { name, id } = await ctx.params;
  return NextResponse.json(await approvePolicyChange(await getDb(), who, actorOf(who, clientIp(req)), name, idParam(id, "policy change")));
});

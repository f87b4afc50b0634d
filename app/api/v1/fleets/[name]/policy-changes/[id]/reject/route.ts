import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { clientIp, readOptionalJson, route } from "@/lib/server/http";
import { actorOf } from "@/lib/server/principal";
import { idParam, parseWith } from "@/lib/server/validate";
import { rejectPolicyChange } from "@/lib/services/reject-policy-change";

const rejectPolicySchema = z.object({ comment: z.string().trim().max(2000).optional().nullable() });

/** Any admin, the requester too, turns a pending policy change down. */
export const POST = route(async (req: Request, ctx: { params: Promise<{ name: string; id: string }> }) => {
  const who = await requireRole(req, "admin");
  const { name, id } = await ctx.params;
  const { comment } = parseWith(rejectPolicySchema, await readOptionalJson(req, 16 * 1024));
  return NextResponse.json(await rejectPolicyChange(await getDb(), who, actorOf(who, clientIp(req)), name, idParam(id, "policy change"), comment ?? null));
});

import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { actorOf } from "@/lib/server/principal";
import { clientIp, readJson, route } from "@/lib/server/http";
import { captureSchema, parseWith } from "@/lib/server/validate";
import { captureSpec } from "@/lib/services/capture-spec";

export const POST = route(async (req: Request, ctx: { params: Promise<{ name: string }> }) => {
  const actor = actorOf(await requireRole(req, "operator"), clientIp(req));
  const { name } = await ctx.params;
  const { hostname } = parseWith(captureSchema, await readJson(req, 16 * 1024));
  const result = await captureSpec(await getDb(), actor, name, hostname);
  return NextResponse.json(result, { status: 201 });
});

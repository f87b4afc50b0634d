import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { actorOf } from "@/lib/server/principal";
import { clientIp, route } from "@/lib/server/http";
import { createEnrollSecret } from "@/lib/services/create-enroll-secret";

export const POST = route(async (req: Request, ctx: { params: Promise<{ name: string }> }) => {
  const actor = actorOf(await requireRole(req, "admin"), clientIp(req));
  const { name } = await ctx.params;
  const { id, secret } = await createEnrollSecret(await getDb(), actor, name);
  return NextResponse.json({ id, secret }, { status: 201 });
});

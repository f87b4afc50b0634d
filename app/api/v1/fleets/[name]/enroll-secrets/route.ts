import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireAdmin } from "@/lib/server/admin-token";
import { clientIp, route } from "@/lib/server/http";
import { createEnrollSecret } from "@/lib/services/create-enroll-secret";

export const POST = route(async (req: Request, ctx: { params: Promise<{ name: string }> }) => {
  const actor = { name: requireAdmin(req), ip: clientIp(req) };
  const { name } = await ctx.params;
  const { id, secret } = await createEnrollSecret(await getDb(), actor, name);
  return NextResponse.json({ id, secret }, { status: 201 });
});

import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { route } from "@/lib/server/http";
import { roleAtLeast } from "@/lib/server/principal";
import { getRebuild } from "@/lib/services/get-rebuild";

export const GET = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const who = await requireRole(req, "viewer");
  const { id } = await ctx.params;
  return NextResponse.json(await getRebuild(await getDb(), id, { answers: roleAtLeast(who.role, "admin") }));
});

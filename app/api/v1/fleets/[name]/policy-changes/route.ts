import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { route } from "@/lib/server/http";
import { listPolicyChanges } from "@/lib/services/list-policy-changes";

/** The fleet's pending policy changes and its latest decided ones. */
export const GET = route(async (req: Request, ctx: { params: Promise<{ name: string }> }) => {
  await requireRole(req, "viewer");
  const { name } = await ctx.params;
  return NextResponse.json(await listPolicyChanges(await getDb(), name));
});

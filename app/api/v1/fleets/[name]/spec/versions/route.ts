import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { route } from "@/lib/server/http";
import { listSpecVersions } from "@/lib/services/get-spec";

/** Every version of the fleet's spec, newest first: date, author, source and note. */
export const GET = route(async (req: Request, ctx: { params: Promise<{ name: string }> }) => {
  await requireRole(req, "viewer");
  const { name } = await ctx.params;
  return NextResponse.json({ versions: await listSpecVersions(await getDb(), name) });
});

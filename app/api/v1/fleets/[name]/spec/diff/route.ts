import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { route } from "@/lib/server/http";
import { diffQuerySchema } from "@/lib/server/spec-edit-schemas";
import { parseWith } from "@/lib/server/validate";
import { diffSpecVersions } from "@/lib/services/diff-spec-versions";

/** The diff between any two versions of the fleet's spec (?from=&to=). */
export const GET = route(async (req: Request, ctx: { params: Promise<{ name: string }> }) => {
  await requireRole(req, "viewer");
  const { name } = await ctx.params;
  const q = parseWith(diffQuerySchema, Object.fromEntries(new URL(req.url).searchParams));
  return NextResponse.json(await diffSpecVersions(await getDb(), name, q.from, q.to));
});

import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { actorOf } from "@/lib/server/principal";
import { SPEC_LIMIT } from "@/lib/server/body-limits";
import { clientIp, readJson, route } from "@/lib/server/http";
import { specTextSchema } from "@/lib/server/spec-edit-schemas";
import { parseWith } from "@/lib/server/validate";
import { editSpecText } from "@/lib/services/edit-spec-text";

/** Saves an edited spec text as the next version, on top of the base version it was previewed against. */
export const POST = route(async (req: Request, ctx: { params: Promise<{ name: string }> }) => {
  const actor = actorOf(await requireRole(req, "operator"), clientIp(req));
  const { name } = await ctx.params;
  const body = parseWith(specTextSchema, await readJson(req, SPEC_LIMIT));
  const r = await editSpecText(await getDb(), actor, name, body);
  return NextResponse.json(r, { status: r.dryRun ? 200 : 201 });
});

import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { actorOf } from "@/lib/server/principal";
import { clientIp, readJson, route } from "@/lib/server/http";
import { adoptSchema } from "@/lib/server/spec-edit-schemas";
import { parseWith } from "@/lib/server/validate";
import { adoptIntoSpec, adoptValueIntoSpec } from "@/lib/services/adopt-into-spec";

/** Accept into spec: a host's drift ({hostname, items?}) or one value seen across the fleet ({item}). */
export const POST = route(async (req: Request, ctx: { params: Promise<{ name: string }> }) => {
  const actor = actorOf(await requireRole(req, "operator"), clientIp(req));
  const { name } = await ctx.params;
  const body = parseWith(adoptSchema, await readJson(req, 4 * 1024 * 1024));
  const db = await getDb();
  const r = "item" in body ? await adoptValueIntoSpec(db, actor, name, { ...body.item, baseVersion: body.baseVersion, dryRun: body.dryRun, note: body.note }) : await adoptIntoSpec(db, actor, name, body);
  return NextResponse.json(r, { status: r.dryRun ? 200 : 201 });
});

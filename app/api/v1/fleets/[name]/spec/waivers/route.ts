import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { actorOf } from "@/lib/server/principal";
import { clientIp, readJson, route } from "@/lib/server/http";
import { revokeSchema, waiveSchema } from "@/lib/server/spec-edit-schemas";
import { parseWith } from "@/lib/server/validate";
import { listWaivers } from "@/lib/services/list-waivers";
import { revokeWaiver } from "@/lib/services/revoke-waiver";
import { waiveDrift } from "@/lib/services/waive-drift";

type Ctx = { params: Promise<{ name: string }> };

export const GET = route(async (req: Request, ctx: Ctx) => {
  await requireRole(req, "viewer");
  const { name } = await ctx.params;
  return NextResponse.json(await listWaivers(await getDb(), name));
});

/** Waives one drift item: a new spec version with a waiver (reason, optional last day). */
export const POST = route(async (req: Request, ctx: Ctx) => {
  const actor = actorOf(await requireRole(req, "operator"), clientIp(req));
  const { name } = await ctx.params;
  const body = parseWith(waiveSchema, await readJson(req, 64 * 1024));
  const r = await waiveDrift(await getDb(), actor, name, body);
  return NextResponse.json(r, { status: r.dryRun ? 200 : 201 });
});

/** Revokes the waiver on a package or path (JSON body): a new spec version without it. */
export const DELETE = route(async (req: Request, ctx: Ctx) => {
  const actor = actorOf(await requireRole(req, "operator"), clientIp(req));
  const { name } = await ctx.params;
  const body = parseWith(revokeSchema, await readJson(req, 64 * 1024));
  const r = await revokeWaiver(await getDb(), actor, name, { target: { path: body.path, package: body.package }, reason: body.reason, baseVersion: body.baseVersion, dryRun: body.dryRun });
  return NextResponse.json(r);
});

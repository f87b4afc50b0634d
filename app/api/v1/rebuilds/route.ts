import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { clientIp, readJson, route } from "@/lib/server/http";
import { actorOf, roleAtLeast } from "@/lib/server/principal";
import { createRebuildSchema, listRebuildsSchema } from "@/lib/server/rebuild-schemas";
import { parseWith, queryObject } from "@/lib/server/validate";
import { listRebuilds } from "@/lib/services/get-rebuild";
import { requestRebuild } from "@/lib/services/request-rebuild";

export const POST = route(async (req: Request) => {
  const who = await requireRole(req, "operator");
  const input = parseWith(createRebuildSchema, await readJson(req, 512 * 1024));
  const result = await requestRebuild(await getDb(), who, actorOf(who, clientIp(req)), input);
  return NextResponse.json(result, { status: 201 });
});

export const GET = route(async (req: Request) => {
  const who = await requireRole(req, "viewer");
  const filter = parseWith(listRebuildsSchema, queryObject(req.url));
  return NextResponse.json({ rebuilds: await listRebuilds(await getDb(), filter, { answers: roleAtLeast(who.role, "admin") }) });
});

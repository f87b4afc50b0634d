import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { clientIp, readJson, route } from "@/lib/server/http";
import { actorOf } from "@/lib/server/principal";
import { parseWith } from "@/lib/server/validate";
import { findFleet } from "@/lib/services/find-fleet";
import { policyOf, policySchema, setFleetPolicy } from "@/lib/services/set-fleet-policy";

type Ctx = { params: Promise<{ name: string }> };

export const GET = route(async (req: Request, ctx: Ctx) => {
  await requireRole(req, "viewer");
  const { name } = await ctx.params;
  return NextResponse.json(policyOf(await findFleet(await getDb(), name)));
});

export const PUT = route(async (req: Request, ctx: Ctx) => {
  const who = await requireRole(req, "admin");
  const { name } = await ctx.params;
  const input = parseWith(policySchema, await readJson(req, 64 * 1024));
  return NextResponse.json(await setFleetPolicy(await getDb(), actorOf(who, clientIp(req)), name, input));
});

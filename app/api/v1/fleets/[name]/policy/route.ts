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

/** 200 with the policy when everything applied; 202 with the pending change when part of it waits for a second admin. */
export const PUT = route(async (req: Request, ctx: Ctx) => {
  const who = await requireRole(req, "admin");
  const { name } = await ctx.params;
  const input = parseWith(policySchema, await readJson(req, 64 * 1024));
  const r = await setFleetPolicy(await getDb(), who, actorOf(who, clientIp(req)), name, input);
  if (!r.pending) return NextResponse.json(r.policy);
  return NextResponse.json({ status: "pending", message: r.message, pending: r.pending, policy: r.policy }, { status: 202 });
});

import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { actorOf } from "@/lib/server/principal";
import { clientIp, readJson, route } from "@/lib/server/http";
import { createFleetSchema, parseWith } from "@/lib/server/validate";
import { createFleet } from "@/lib/services/create-fleet";
import { listFleets } from "@/lib/services/list-fleets";

export const GET = route(async (req: Request) => {
  await requireRole(req, "viewer");
  const fleets = await listFleets(await getDb());
  return NextResponse.json({ fleets });
});

export const POST = route(async (req: Request) => {
  const actor = actorOf(await requireRole(req, "admin"), clientIp(req));
  const input = parseWith(createFleetSchema, await readJson(req, 16 * 1024));
  const fleet = await createFleet(await getDb(), actor, input);
  return NextResponse.json(fleet, { status: 201 });
});

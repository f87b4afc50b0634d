import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireAdmin } from "@/lib/server/admin-token";
import { clientIp, readJson, route } from "@/lib/server/http";
import { createFleetSchema, parseWith } from "@/lib/server/validate";
import { createFleet } from "@/lib/services/create-fleet";
import { listFleets } from "@/lib/services/list-fleets";

export const GET = route(async () => {
  const fleets = await listFleets(await getDb());
  return NextResponse.json({ fleets });
});

export const POST = route(async (req: Request) => {
  const actor = { name: requireAdmin(req), ip: clientIp(req) };
  const input = parseWith(createFleetSchema, await readJson(req, 16 * 1024));
  const fleet = await createFleet(await getDb(), actor, input);
  return NextResponse.json(fleet, { status: 201 });
});

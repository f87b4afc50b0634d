import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { route } from "@/lib/server/http";
import { hostParams } from "@/lib/server/host-params";
import { getHostDrift } from "@/lib/services/get-host-drift";

export const GET = route(async (req: Request, ctx: { params: Promise<{ hostname: string }> }) => {
  await requireRole(req, "viewer");
  const { hostname, fleet } = await hostParams(req, ctx);
  return NextResponse.json(await getHostDrift(await getDb(), hostname, fleet));
});

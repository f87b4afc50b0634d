import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { route } from "@/lib/server/http";
import { hostParams } from "@/lib/server/host-params";
import { getHost } from "@/lib/services/get-host";

export const GET = route(async (req: Request, ctx: { params: Promise<{ hostname: string }> }) => {
  await requireRole(req, "viewer");
  const { hostname, fleet } = await hostParams(req, ctx);
  const d = await getHost(await getDb(), hostname, fleet);
  return NextResponse.json({
    hostname: d.host.hostname,
    fleet: d.fleet.name,
    specVersion: d.fleet.specVersion,
    fingerprint: d.host.fingerprint,
    hasSpec: d.drift !== null,
    items: d.drift ?? [],
  });
});

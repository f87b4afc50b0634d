import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { hostParams } from "@/lib/server/host-params";
import { actorOf } from "@/lib/server/principal";
import { clientIp, route } from "@/lib/server/http";
import { deleteHost } from "@/lib/services/delete-host";
import { getHost } from "@/lib/services/get-host";

export const GET = route(async (req: Request, ctx: { params: Promise<{ hostname: string }> }) => {
  await requireRole(req, "viewer");
  const { hostname, fleet } = await hostParams(req, ctx);
  const detail = await getHost(await getDb(), hostname, fleet);
  return NextResponse.json(detail);
});

/** Deletes the host and its history (the audit log keeps what it was); its key stops working at once. */
export const DELETE = route(async (req: Request, ctx: { params: Promise<{ hostname: string }> }) => {
  const actor = actorOf(await requireRole(req, "admin"), clientIp(req));
  const { hostname, fleet } = await hostParams(req, ctx);
  return NextResponse.json(await deleteHost(await getDb(), actor, hostname, fleet));
});

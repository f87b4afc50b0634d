import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { route } from "@/lib/server/http";
import { hostParams } from "@/lib/server/host-params";
import { getHost } from "@/lib/services/get-host";

export const GET = route(async (req: Request, ctx: { params: Promise<{ hostname: string }> }) => {
  const { hostname, fleet } = await hostParams(req, ctx);
  const detail = await getHost(await getDb(), hostname, fleet);
  return NextResponse.json(detail);
});

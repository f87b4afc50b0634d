import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { route } from "@/lib/server/http";
import { hostParams } from "@/lib/server/host-params";
import { diffHost } from "@/lib/services/diff-host";

/** ?against=spec (default) | host:<hostname> */
export const GET = route(async (req: Request, ctx: { params: Promise<{ hostname: string }> }) => {
  await requireRole(req, "viewer");
  const { hostname, fleet } = await hostParams(req, ctx);
  const against = new URL(req.url).searchParams.get("against") ?? "spec";
  const result = await diffHost(await getDb(), hostname, fleet, against);
  return NextResponse.json(result);
});

import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { configDiffQuerySchema } from "@/lib/server/content-schemas";
import { hostParams } from "@/lib/server/host-params";
import { route } from "@/lib/server/http";
import { parseWith, queryObject } from "@/lib/server/validate";
import { diffConfig } from "@/lib/services/diff-config";

/** ?path=<config file>[&against=spec|peer|host:<name>[@fleet]]: the line diff of one file (see diff-config.ts). */
export const GET = route(async (req: Request, ctx: { params: Promise<{ hostname: string }> }) => {
  await requireRole(req, "viewer");
  const { hostname, fleet } = await hostParams(req, ctx);
  const q = parseWith(configDiffQuerySchema, queryObject(req.url));
  return NextResponse.json(await diffConfig(await getDb(), hostname, fleet, q.path, q.against ?? "spec"));
});

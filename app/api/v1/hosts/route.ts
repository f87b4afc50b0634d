import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { route } from "@/lib/server/http";
import { hostQuerySchema, parseWith, queryObject } from "@/lib/server/validate";
import { listHosts } from "@/lib/services/list-hosts";

export const GET = route(async (req: Request) => {
  await requireRole(req, "viewer");
  const filter = parseWith(hostQuerySchema, queryObject(req.url));
  const hosts = await listHosts(await getDb(), filter);
  return NextResponse.json({ count: hosts.length, hosts });
});

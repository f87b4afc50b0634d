import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { hostParams } from "@/lib/server/host-params";
import { actorOf } from "@/lib/server/principal";
import { clientIp, route } from "@/lib/server/http";
import { revokeHostKey } from "@/lib/services/revoke-host-key";

/** Revokes the host's key at once (401 on its next request); it must enroll again. */
export const POST = route(async (req: Request, ctx: { params: Promise<{ hostname: string }> }) => {
  const actor = actorOf(await requireRole(req, "admin"), clientIp(req));
  const { hostname, fleet } = await hostParams(req, ctx);
  return NextResponse.json(await revokeHostKey(await getDb(), actor, hostname, fleet));
});

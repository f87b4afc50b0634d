import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { clientIp, route } from "@/lib/server/http";
import { actorOf } from "@/lib/server/principal";
import { idParam } from "@/lib/server/validate";
import { revokeApiToken } from "@/lib/services/revoke-api-token";

/** Revokes one of your tokens (an admin: anyone's). It stops working at once. */
export const DELETE = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const me = await requireRole(req, "viewer");
  const id = idParam((await ctx.params).id, "token");
  const result = await revokeApiToken(await getDb(), me, actorOf(me, clientIp(req)), id);
  return NextResponse.json(result);
});

import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { actorOf } from "@/lib/server/principal";
import { clientIp, route } from "@/lib/server/http";
import { idParam } from "@/lib/server/validate";
import { revokeEnrollSecret } from "@/lib/services/revoke-enroll-secret";

/** Revokes an enroll secret: hosts already enrolled keep their keys, new enrolments with it get 401. */
export const DELETE = route(async (req: Request, ctx: { params: Promise<{ name: string; id: string }> }) => {
  const actor = actorOf(await requireRole(req, "admin"), clientIp(req));
  const { name, id } = await ctx.params;
  const result = await revokeEnrollSecret(await getDb(), actor, name, idParam(id, "secret"));
  return NextResponse.json(result);
});

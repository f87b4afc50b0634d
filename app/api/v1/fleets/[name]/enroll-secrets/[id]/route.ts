import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireAdmin } from "@/lib/server/admin-token";
import { badRequest } from "@/lib/server/errors";
import { clientIp, route } from "@/lib/server/http";
import { revokeEnrollSecret } from "@/lib/services/revoke-enroll-secret";

/** Revokes an enroll secret: hosts already enrolled keep their keys, new enrolments with it get 401. */
export const DELETE = route(async (req: Request, ctx: { params: Promise<{ name: string; id: string }> }) => {
  const actor = { name: requireAdmin(req), ip: clientIp(req) };
  const { name, id } = await ctx.params;
  if (!/^\d{1,9}$/.test(id)) throw badRequest("The secret id must be a number (as returned when it was created).");
  const result = await revokeEnrollSecret(await getDb(), actor, name, Number(id));
  return NextResponse.json(result);
});

import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { revokeSecretQuery, revokeSecretQuerySchema } from "@/lib/server/host-key-schemas";
import { actorOf } from "@/lib/server/principal";
import { clientIp, route } from "@/lib/server/http";
import { idParam, parseWith } from "@/lib/server/validate";
import { revokeEnrollSecret } from "@/lib/services/revoke-enroll-secret";

/**
 * Revokes an enroll secret: new enrolments with it get 401. Hosts already enrolled keep their keys, unless
 * ?revokeKeys=true: then the keys issued through it are revoked too (the answer counts them).
 */
export const DELETE = route(async (req: Request, ctx: { params: Promise<{ name: string; id: string }> }) => {
  const actor = actorOf(await requireRole(req, "admin"), clientIp(req));
  const { name, id } = await ctx.params;
  const { revokeKeys } = parseWith(revokeSecretQuerySchema, revokeSecretQuery(req.url));
  const result = await revokeEnrollSecret(await getDb(), actor, name, idParam(id, "secret"), { revokeKeys });
  return NextResponse.json(result);
});

import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { deliveryQuerySchema } from "@/lib/server/alert-schemas";
import { requireRole } from "@/lib/server/auth";
import { route } from "@/lib/server/http";
import { roleAtLeast } from "@/lib/server/principal";
import { parseWith, queryObject } from "@/lib/server/validate";
import { listAlertDeliveries } from "@/lib/services/list-alert-deliveries";

/** The fleet's alert delivery log, newest first: ?status=pending|delivered|failed&channel=<id>&limit=. */
export const GET = route(async (req: Request, ctx: { params: Promise<{ name: string }> }) => {
  const who = await requireRole(req, "viewer");
  const { name } = await ctx.params;
  const q = parseWith(deliveryQuerySchema, queryObject(req.url));
  return NextResponse.json({ deliveries: await listAlertDeliveries(await getDb(), name, q, { answers: roleAtLeast(who.role, "admin") }) });
});

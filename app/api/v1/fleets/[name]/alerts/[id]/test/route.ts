import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { clientIp, route } from "@/lib/server/http";
import { actorOf } from "@/lib/server/principal";
import { idParam } from "@/lib/server/validate";
import { sendTestAlert } from "@/lib/services/send-test-alert";
import { requestOrigin } from "@/lib/server/page-origin";

/**
 * Sends a test message now and answers with the delivery: 200 whether or not the receiver took it (the
 * request itself worked; `status` and `lastError` say how the receiver answered).
 */
export const POST = route(async (req: Request, ctx: { params: Promise<{ name: string; id: string }> }) => {
  const actor = actorOf(await requireRole(req, "admin"), clientIp(req));
  const { name, id } = await ctx.params;
  // Links in the message: the public URL when configured, else the origin this request came through.
  const baseUrl = process.env.FLEETPRINT_URL || (await requestOrigin());
  const delivery = await sendTestAlert(await getDb(), actor, name, idParam(id, "alert channel"), { baseUrl });
  return NextResponse.json({ ok: delivery.status === "delivered", delivery });
});

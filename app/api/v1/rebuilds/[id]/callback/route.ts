import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { route } from "@/lib/server/http";
import { callbackSchema } from "@/lib/server/rebuild-schemas";
import { readSignedBody } from "@/lib/server/signed-body";
import { completeCallback } from "@/lib/services/complete-callback";

// Identity here is the HMAC signature over the exact body, checked by the service before any change.
export const POST = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  const { raw, body, sig } = await readSignedBody(req, 64 * 1024, callbackSchema, "{hostname, status: succeeded|failed, message?}");
  return NextResponse.json(await completeCallback(await getDb(), id, raw, sig, body));
});

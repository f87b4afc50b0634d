import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from "@/lib/providers/signature";
import { badRequest } from "@/lib/server/errors";
import { readBody, route } from "@/lib/server/http";
import { callbackSchema } from "@/lib/server/rebuild-schemas";
import { parseWith } from "@/lib/server/validate";
import { completeCallback } from "@/lib/services/complete-callback";

// Identity here is the HMAC signature over the exact body, checked by the service before any change.
export const POST = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  const raw = await readBody(req, 64 * 1024);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw badRequest("Body must be JSON {hostname, status: succeeded|failed, message?}.");
  }
  const body = parseWith(callbackSchema, json);
  const sig = { signature: req.headers.get(SIGNATURE_HEADER), timestamp: req.headers.get(TIMESTAMP_HEADER) };
  return NextResponse.json(await completeCallback(await getDb(), id, raw, sig, body));
});

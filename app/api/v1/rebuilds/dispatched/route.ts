import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { route } from "@/lib/server/http";
import { dispatchedSchema } from "@/lib/server/rebuild-schemas";
import { readSignedBody } from "@/lib/server/signed-body";
import { listDispatched } from "@/lib/services/list-dispatched";

// Identity here is the HMAC signature over the exact body with the fleet's webhook secret, checked by the service.
export const POST = route(async (req: Request) => {
  const { raw, body, sig } = await readSignedBody(req, 8 * 1024, dispatchedSchema, '{"fleet": "<name>", "pipelineId"?: "<CI_PIPELINE_ID>"}');
  const base = (process.env.FLEETPRINT_URL || new URL(req.url).origin).replace(/\/$/, "");
  return NextResponse.json(await listDispatched(await getDb(), raw, sig, body, base));
});

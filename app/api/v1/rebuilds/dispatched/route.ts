import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from "@/lib/providers/signature";
import { badRequest } from "@/lib/server/errors";
import { readBody, route } from "@/lib/server/http";
import { dispatchedSchema } from "@/lib/server/rebuild-schemas";
import { parseWith } from "@/lib/server/validate";
import { listDispatched } from "@/lib/services/list-dispatched";

// Identity here is the HMAC signature over the exact body with the fleet's webhook secret, checked by the service.
export const POST = route(async (req: Request) => {
  const raw = await readBody(req, 8 * 1024);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw badRequest('Body must be JSON {"fleet": "<name>", "pipelineId"?: "<CI_PIPELINE_ID>"}.');
  }
  const body = parseWith(dispatchedSchema, json);
  const sig = { signature: req.headers.get(SIGNATURE_HEADER), timestamp: req.headers.get(TIMESTAMP_HEADER) };
  const base = (process.env.FLEETPRINT_URL || new URL(req.url).origin).replace(/\/$/, "");
  return NextResponse.json(await listDispatched(await getDb(), raw, sig, body, base));
});

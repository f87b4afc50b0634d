import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { enrollHost } from "@/lib/services/enroll-host";
import { clientIp, readJson, route } from "@/lib/server/http";
import { enrollSchema, parseWith } from "@/lib/server/validate";

// Identity here is the enroll secret in the body, checked by the service before anything is written.
export const POST = route(async (req: Request) => {
  const input = parseWith(enrollSchema, await readJson(req, 16 * 1024));
  const { hostId, hostKey } = await enrollHost(await getDb(), clientIp(req), input);
  return NextResponse.json({ hostId, hostKey }, { status: 201 });
});

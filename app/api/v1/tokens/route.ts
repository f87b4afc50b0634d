import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { clientIp, readJson, route } from "@/lib/server/http";
import { actorOf } from "@/lib/server/principal";
import { createTokenSchema, parseWith } from "@/lib/server/validate";
import { createApiToken } from "@/lib/services/create-api-token";
import { listApiTokens } from "@/lib/services/list-api-tokens";

/** Your own API tokens (never their secrets). */
export const GET = route(async (req: Request) => {
  const me = await requireRole(req, "viewer");
  const tokens = await listApiTokens(await getDb(), me.userId);
  return NextResponse.json({ tokens });
});

/** A new token for yourself, acting with your role; the token is in this response only. */
export const POST = route(async (req: Request) => {
  const me = await requireRole(req, "viewer");
  const { name } = parseWith(createTokenSchema, await readJson(req, 16 * 1024));
  const created = await createApiToken(await getDb(), me, actorOf(me, clientIp(req)), name);
  return NextResponse.json(created, { status: 201 });
});

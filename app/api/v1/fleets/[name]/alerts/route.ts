import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { createChannelSchema } from "@/lib/server/alert-schemas";
import { requireRole } from "@/lib/server/auth";
import { clientIp, readJson, route } from "@/lib/server/http";
import { actorOf } from "@/lib/server/principal";
import { parseWith } from "@/lib/server/validate";
import { createAlertChannel } from "@/lib/services/create-alert-channel";
import { listAlertChannels } from "@/lib/services/list-alert-channels";

type Ctx = { params: Promise<{ name: string }> };

export const GET = route(async (req: Request, ctx: Ctx) => {
  await requireRole(req, "viewer");
  const { name } = await ctx.params;
  return NextResponse.json({ channels: await listAlertChannels(await getDb(), name) });
});

export const POST = route(async (req: Request, ctx: Ctx) => {
  const actor = actorOf(await requireRole(req, "admin"), clientIp(req));
  const { name } = await ctx.params;
  const input = parseWith(createChannelSchema, await readJson(req, 64 * 1024));
  return NextResponse.json(await createAlertChannel(await getDb(), actor, name, input), { status: 201 });
});

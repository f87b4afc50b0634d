import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { updateChannelSchema } from "@/lib/server/alert-schemas";
import { requireRole } from "@/lib/server/auth";
import { clientIp, readJson, route } from "@/lib/server/http";
import { actorOf } from "@/lib/server/principal";
import { idParam, parseWith } from "@/lib/server/validate";
import { deleteAlertChannel } from "@/lib/services/delete-alert-channel";
import { updateAlertChannel } from "@/lib/services/update-alert-channel";

type Ctx = { params: Promise<{ name: string; id: string }> };

export const PATCH = route(async (req: Request, ctx: Ctx) => {
  const actor = actorOf(await requireRole(req, "admin"), clientIp(req));
  const { name, id } = await ctx.params;
  const channelId = idParam(id, "alert channel");
  const input = parseWith(updateChannelSchema, await readJson(req, 64 * 1024));
  return NextResponse.json(await updateAlertChannel(await getDb(), actor, name, channelId, input));
});

/** Deletes the channel and its delivery log; the audit log keeps its configuration. */
export const DELETE = route(async (req: Request, ctx: Ctx) => {
  const actor = actorOf(await requireRole(req, "admin"), clientIp(req));
  const { name, id } = await ctx.params;
  return NextResponse.json(await deleteAlertChannel(await getDb(), actor, name, idParam(id, "alert channel")));
});

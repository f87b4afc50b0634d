import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { clientIp, readJson, route } from "@/lib/server/http";
import { actorOf } from "@/lib/server/principal";
import { parseWith, updateUserSchema } from "@/lib/server/validate";
import { updateUser } from "@/lib/services/update-user";

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "a user id as listed by GET /api/v1/users");

/** {role?, disabled?}: the last active admin cannot be demoted or disabled. */
export const PATCH = route(async (req: Request, ctx: { params: Promise<{ id: string }> }) => {
  const by = await requireRole(req, "admin");
  const id = parseWith(idSchema, (await ctx.params).id);
  const change = parseWith(updateUserSchema, await readJson(req, 16 * 1024));
  const user = await updateUser(await getDb(), actorOf(by, clientIp(req)), id, change);
  return NextResponse.json(user);
});

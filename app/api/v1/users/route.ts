import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { clientIp, readJson, route } from "@/lib/server/http";
import { actorOf } from "@/lib/server/principal";
import { createUserSchema, parseWith } from "@/lib/server/validate";
import { createUser } from "@/lib/services/create-user";
import { listUsers } from "@/lib/services/list-users";

export const GET = route(async (req: Request) => {
  await requireRole(req, "admin");
  return NextResponse.json({ users: await listUsers(await getDb()) });
});

/** Sign-up is closed: admins create users. The bootstrap admin token may too, until an active admin exists (403 after). */
export const POST = route(async (req: Request) => {
  const by = await requireRole(req, "admin", { allowBootstrap: true });
  const input = parseWith(createUserSchema, await readJson(req, 16 * 1024));
  const user = await createUser(await getDb(), actorOf(by, clientIp(req)), input, { onlyWithoutAdmin: by.via === "bootstrap" });
  return NextResponse.json(user, { status: 201 });
});

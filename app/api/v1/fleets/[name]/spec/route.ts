import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { actorOf } from "@/lib/server/principal";
import { SPEC_LIMIT } from "@/lib/server/body-limits";
import { clientIp, readBody, route } from "@/lib/server/http";
import { getSpec } from "@/lib/services/get-spec";
import { putSpec } from "@/lib/services/put-spec";

type Ctx = { params: Promise<{ name: string }> };

/** The spec is YAML (or JSON, a subset of YAML) in the body, so it can be sent straight from a git checkout. */
export const PUT = route(async (req: Request, ctx: Ctx) => {
  const actor = actorOf(await requireRole(req, "operator"), clientIp(req));
  const { name } = await ctx.params;
  const text = await readBody(req, SPEC_LIMIT);
  const { version } = await putSpec(await getDb(), actor, name, text);
  return NextResponse.json({ version }, { status: 201 });
});

export const GET = route(async (req: Request, ctx: Ctx) => {
  await requireRole(req, "viewer");
  const { name } = await ctx.params;
  const version = new URL(req.url).searchParams.get("version");
  const spec = await getSpec(await getDb(), name, version ? Number(version) : undefined);
  if (req.headers.get("accept")?.includes("yaml")) {
    return new Response(spec.yaml, { headers: { "content-type": "application/yaml; charset=utf-8" } });
  }
  return NextResponse.json(spec);
});

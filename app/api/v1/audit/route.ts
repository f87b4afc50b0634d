import { NextResponse } from "next/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { route } from "@/lib/server/http";
import { parseWith, queryObject } from "@/lib/server/validate";
import { listAudit } from "@/lib/services/list-audit";

const schema = z.object({
  actor: z.string().max(320).optional(),
  action: z.string().max(100).optional(),
  q: z.string().max(200).optional(),
  since: z.coerce.date().optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export const GET = route(async (req: Request) => {
  await requireRole(req, "admin");
  const entries = await listAudit(await getDb(), parseWith(schema, queryObject(req.url)));
  return NextResponse.json({ entries, next: entries.length ? entries[entries.length - 1].id : null });
});

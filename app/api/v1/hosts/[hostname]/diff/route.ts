import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { DIFF_MEDIA_TYPES, diffFilename, renderDiff } from "@/lib/core/diff-export";
import { requireRole } from "@/lib/server/auth";
import { hostParams } from "@/lib/server/host-params";
import { hostDiffQuerySchema } from "@/lib/server/history-schemas";
import { route } from "@/lib/server/http";
import { parseWith, queryObject } from "@/lib/server/validate";
import { diffHost } from "@/lib/services/diff-host";

/**
 * ?against=spec (default) | host:<hostname>[@fleet], or ?from=&to= (two points of the host's history). Without
 * format: every row as JSON. With format=csv|json|md: a download of the rows the diff page shows (differences
 * only unless all=1, narrowed by status and q).
 */
export const GET = route(async (req: Request, ctx: { params: Promise<{ hostname: string }> }) => {
  await requireRole(req, "viewer");
  const { hostname, fleet } = await hostParams(req, ctx);
  const q = parseWith(hostDiffQuerySchema, queryObject(req.url));
  const target = q.from !== undefined && q.to !== undefined ? { from: q.from, to: q.to } : { against: q.against ?? "spec" };
  const diff = await diffHost(await getDb(), hostname, fleet, target);
  if (!q.format) return NextResponse.json(diff);
  const e = { ...diff, generatedAt: new Date(), filter: { all: q.all, status: q.status ?? "", q: q.q ?? "" } };
  return new Response(renderDiff(e, q.format), {
    headers: {
      "Content-Type": DIFF_MEDIA_TYPES[q.format],
      "Content-Disposition": `attachment; filename="${diffFilename(e, q.format)}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});

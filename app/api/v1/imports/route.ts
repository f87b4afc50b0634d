import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/server/auth";
import { REPORT_LIMIT } from "@/lib/server/body-limits";
import { importQuery, importQuerySchema } from "@/lib/server/import-schemas";
import { actorOf } from "@/lib/server/principal";
import { clientIp, readJson, route } from "@/lib/server/http";
import { parseWith } from "@/lib/server/validate";
import { importHost } from "@/lib/services/import-host";

/** Another collector's output (osquery, Ansible, CycloneDX, SPDX) as a host of the fleet; README "Imports from other collectors". */
export const POST = route(async (req: Request) => {
  const actor = actorOf(await requireRole(req, "operator"), clientIp(req));
  const { format, fleet, hostname, table } = parseWith(importQuerySchema, importQuery(req.url));
  // An SBOM of a large image is a few MiB: the agent report's limit (gzip accepted).
  const body = await readJson(req, REPORT_LIMIT);
  const result = await importHost(await getDb(), actor, { format, fleet, hostname, table, body });
  return NextResponse.json(result, { status: 202 });
});

import { getDb } from "@/db/client";
import { EXPORT_MEDIA_TYPES, exportFilename, TOTAL_HOSTS_HEADER } from "@/lib/core/drift-export";
import { driftExportBytes } from "@/lib/reports/export-stream";
import { requireRole } from "@/lib/server/auth";
import { exportDriftQuerySchema } from "@/lib/server/export-schemas";
import { route } from "@/lib/server/http";
import { streamedDownloadHeaders, streamFrom } from "@/lib/server/stream";
import { parseWith, queryObject } from "@/lib/server/validate";
import { exportDrift } from "@/lib/services/export-drift";

export const GET = route(async (req: Request) => {
  await requireRole(req, "viewer");
  const { since, format, ...filter } = parseWith(exportDriftQuerySchema, queryObject(req.url));
  const now = new Date();
  // Everything that can fail with a status (unknown fleet) fails here, before the first byte.
  const exp = await exportDrift(await getDb(), { ...filter, since: since?.at, sinceText: since?.text }, now);
  return new Response(streamFrom(driftExportBytes(format, exp), `drift export (${format})`), {
    headers: { ...streamedDownloadHeaders(EXPORT_MEDIA_TYPES[format], exportFilename(exp.meta.filters, now, format)), [TOTAL_HOSTS_HEADER]: String(exp.meta.totalHosts) },
  });
});

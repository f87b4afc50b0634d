// Images: upload one (a report of `fleetprint-agent --image --print`, or the archive itself) and list them.
// proxy.ts does not run here (it would buffer an archive of gigabytes in memory), so this route applies the
// proxy's write check and security headers itself.
import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { imageMaxBytes, imagesFilename } from "@/lib/core/image-ref";
import { parseReport } from "@/lib/core/parse-report";
import { requireRole } from "@/lib/server/auth";
import { REPORT_LIMIT } from "@/lib/server/body-limits";
import { AppError, badRequest, forbidden } from "@/lib/server/errors";
import { clientIp, parseJsonText, readBody, route } from "@/lib/server/http";
import { imageListQuerySchema, imageUploadQuerySchema } from "@/lib/server/image-schemas";
import { withUploadedImage } from "@/lib/server/image-upload";
import { decodeCursor, nextCursor } from "@/lib/server/page-cursor";
import { actorOf } from "@/lib/server/principal";
import { refuseWrite } from "@/lib/server/request-origin";
import { machineHeaders } from "@/lib/server/security-headers";
import { streamedDownloadHeaders, streamFrom } from "@/lib/server/stream";
import { parseWith, queryObject } from "@/lib/server/validate";
import { exportImages } from "@/lib/services/export-images";
import { findFleet } from "@/lib/services/find-fleet";
import { fingerprintImageFile } from "@/lib/services/fingerprint-image-file";
import { listImages } from "@/lib/services/list-images";
import { uploadImage } from "@/lib/services/upload-image";

const withHeaders = (res: Response) => {
  for (const [k, v] of Object.entries(machineHeaders(process.env))) res.headers.set(k, v);
  return res;
};

const mediaType = (req: Request) => (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();

export const POST = async (req: Request) => withHeaders(await upload(req));

const upload = route(async (req: Request) => {
  const h = req.headers;
  const refusal = refuseWrite({ method: req.method, path: "/api/v1/images", origin: h.get("origin"), authorization: h.get("authorization"), host: h.get("x-forwarded-host")?.split(",")[0]?.trim() || h.get("host"), publicUrl: process.env.FLEETPRINT_URL?.trim() || undefined });
  if (refusal) throw forbidden(refusal);
  const actor = actorOf(await requireRole(req, "operator"), clientIp(req));
  const query = parseWith(imageUploadQuerySchema, queryObject(req.url));
  const db = await getDb();
  await findFleet(db, query.fleet); // a misspelt fleet is answered before gigabytes are read
  const type = mediaType(req);
  let report;
  if (type === "application/json") {
    const parsed = parseReport(parseJsonText(await readBody(req, REPORT_LIMIT)));
    if (!parsed.ok) throw badRequest(`Report rejected: ${parsed.error}`);
    report = parsed.report;
  } else if (type === "application/x-tar") {
    report = await withUploadedImage(req.body, h.get("content-encoding"), imageMaxBytes(process.env), (file) => fingerprintImageFile(file, { platform: query.platform }));
  } else {
    throw new AppError("unsupported_media_type", `Content-Type "${type || "(none)"}" is not taken here: send application/json (the report of \`fleetprint-agent --image FILE.tar --print\`) or application/x-tar (the image archive, optionally with Content-Encoding: gzip).`);
  }
  const { created, ...image } = await uploadImage(db, actor, { fleet: query.fleet, report, tag: query.tag, publish: query.publish, note: query.note });
  return NextResponse.json(image, { status: created ? 201 : 200 });
});

export const GET = async (req: Request) => withHeaders(await list(req));

const list = route(async (req: Request) => {
  await requireRole(req, "viewer");
  const { cursor, format, limit, ...filter } = parseWith(imageListQuerySchema, queryObject(req.url));
  const db = await getDb();
  if (format === "csv") {
    const rows = await exportImages(db, filter);
    return new Response(streamFrom(rows, "images export"), { headers: streamedDownloadHeaders("text/csv; charset=utf-8", imagesFilename(filter.fleet, new Date())) });
  }
  const page = await listImages(db, { ...filter, limit, offset: decodeCursor(cursor) });
  return NextResponse.json({ images: page.images, total: page.total, count: page.images.length, nextCursor: nextCursor(page.offset, page.images.length, page.total) });
});

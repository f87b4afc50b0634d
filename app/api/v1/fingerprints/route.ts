import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { parseReport } from "@/lib/core/parse-report";
import { authenticateHost, ingestFingerprint } from "@/lib/services/ingest-fingerprint";
import { badRequest, unauthorized } from "@/lib/server/errors";
import { bearer, readJson, route } from "@/lib/server/http";

/** Reports of a large host (2,000 packages, 5,000 config files) are ~1 MiB; 16 MiB leaves room and bounds memory. */
export const REPORT_LIMIT = 16 * 1024 * 1024;

export const POST = route(async (req: Request) => {
  const key = bearer(req);
  if (!key) throw unauthorized("Send the host key as Authorization: Bearer <hostKey> (the agent stores it after enrolling).");
  const db = await getDb();
  const host = await authenticateHost(db, key);
  const parsed = parseReport(await readJson(req, REPORT_LIMIT));
  if (!parsed.ok) throw badRequest(`Report rejected: ${parsed.error}`);
  const result = await ingestFingerprint(db, host, parsed.report);
  return NextResponse.json({ hostId: result.hostId, fingerprint: result.fingerprint, changed: result.changed }, { status: 202 });
});

// What became of one machine request, as the metrics count it (fleetprint_ingest_requests_total and
// fleetprint_enrollments_total). Derived from the answer the agent got, so the count and the agent agree.

export const INGEST_ROUTES = ["enroll", "checkin", "fingerprints", "contents"] as const;
export type IngestRoute = (typeof INGEST_ROUTES)[number];

/**
 * stored: something new was kept (a new fingerprint, a check-in moved onto another host's content, config contents,
 * a new host); unchanged: nothing new (a check-in or report of what the host already had); report-needed: the
 * check-in asked for the full report; rejected: the request was refused as it stood (4xx: bad key, bad body, too
 * large); refused-busy: the server said "later" (503/429 with Retry-After); error: a 5xx of our own.
 */
export const INGEST_OUTCOMES = ["stored", "unchanged", "report-needed", "rejected", "refused-busy", "error"] as const;
export type IngestOutcome = (typeof INGEST_OUTCOMES)[number];

export function ingestOutcome(route: IngestRoute, status: number, json: unknown): IngestOutcome {
  if (status === 503 || status === 429) return "refused-busy";
  if (status >= 500) return "error";
  if (status >= 400) return "rejected";
  const body = (json ?? {}) as { status?: unknown; changed?: unknown };
  if (route === "checkin") return body.status === "unchanged" ? "unchanged" : body.status === "report-needed" ? "report-needed" : "stored";
  if (route === "fingerprints") return body.changed === false ? "unchanged" : "stored";
  return "stored";
}

// The audit page's filters live in the URL (?action=rebuild.&actor=&q=&since=2026-11-01&before=123&limit=50). Pure.

export const ACTION_PREFIXES = ["fleet.", "spec.", "rebuild.", "user.", "token.", "host.", "enroll-secret."] as const;

export interface AuditQuery {
  action: string; // one of ACTION_PREFIXES or ""
  actor: string;
  q: string;
  since: string; // YYYY-MM-DD or ""
  before: number | null;
  limit: number; // page size
}

export const DEFAULT_LIMIT = 100;

export function parseAuditQuery(get: (k: string) => string | undefined): AuditQuery {
  const action = get("action") ?? "";
  const since = get("since") ?? "";
  const before = Number.parseInt(get("before") ?? "", 10);
  const limit = Number.parseInt(get("limit") ?? "", 10);
  return {
    action: (ACTION_PREFIXES as readonly string[]).includes(action) ? action : "",
    actor: (get("actor") ?? "").trim().slice(0, 320),
    q: (get("q") ?? "").trim().slice(0, 200),
    since: /^\d{4}-\d{2}-\d{2}$/.test(since) && !Number.isNaN(Date.parse(since)) ? since : "",
    before: Number.isSafeInteger(before) && before > 0 ? before : null,
    limit: Number.isInteger(limit) ? Math.min(500, Math.max(10, limit)) : DEFAULT_LIMIT,
  };
}

export function auditQueryString(q: Partial<AuditQuery>): string {
  const p = new URLSearchParams();
  if (q.action) p.set("action", q.action);
  if (q.actor) p.set("actor", q.actor);
  if (q.q) p.set("q", q.q);
  if (q.since) p.set("since", q.since);
  if (q.before) p.set("before", String(q.before));
  if (q.limit && q.limit !== DEFAULT_LIMIT) p.set("limit", String(q.limit));
  const s = p.toString();
  return s ? `?${s}` : "";
}

"use client";

import Form from "next/form";
import Link from "next/link";
import { Badge, type Tone } from "@/components/ui/badge";
import { Card } from "@/components/ui/stat";
import { timeAgo } from "@/components/format";
import { AuditDetail } from "@/components/audit/audit-detail";
import { auditCsv, type AuditEntry } from "@/components/audit/audit-csv";
import { ACTION_PREFIXES, DEFAULT_LIMIT, auditQueryString, type AuditQuery } from "@/components/audit/audit-query";

const TONE: Record<string, Tone> = { rebuild: "blue", fleet: "violet", spec: "violet", user: "amber", token: "amber", host: "neutral", "enroll-secret": "amber" };
const field = "rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm focus:border-blue-500 focus:outline-none focus:ring-2 focus:ring-blue-100";

/** Where an entry's subject lives in the UI, when it has a page. */
function subjectHref(e: AuditEntry): string | null {
  if (e.action.startsWith("rebuild.") && /^[0-9a-f-]{36}$/.test(e.subject)) return `/rebuilds/${e.subject}`;
  if (/^(fleet|spec)\./.test(e.action)) return `/fleets/${encodeURIComponent(e.subject)}`;
  return null;
}

function download(rows: AuditEntry[], query: AuditQuery) {
  const blob = new Blob([auditCsv(rows)], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = `fleetprint-audit${query.action ? `-${query.action.replace(/\.$/, "")}` : ""}${query.before ? `-before-${query.before}` : ""}.csv`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function AuditClient({ query, entries, older, now }: { query: AuditQuery; entries: AuditEntry[]; older: number | null; now: string }) {
  const filtered = Boolean(query.action || query.actor || query.q || query.since);
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
        <p className="mt-1 text-sm text-slate-500">Every change, who made it and from where; written in the same transaction as the change itself.</p>
      </div>
      <Card testId="audit-card">
        {/* A GET form: the filters become the URL, so a view can be pasted into a ticket. */}
        <Form action="/audit" className="flex flex-wrap items-end gap-2 border-b border-slate-100 px-3 py-2.5" data-testid="audit-filters">
          <label className="text-xs text-slate-600">
            Action
            <select name="action" defaultValue={query.action} className={`${field} mt-0.5 block`} data-testid="audit-action">
              <option value="">all</option>
              {ACTION_PREFIXES.map((p) => (
                <option key={p} value={p}>
                  {p}*
                </option>
              ))}
            </select>
          </label>
          <label className="text-xs text-slate-600">
            Actor
            <input name="actor" defaultValue={query.actor} placeholder="email, system, host:…" className={`${field} mt-0.5 block w-48`} data-testid="audit-actor" />
          </label>
          <label className="text-xs text-slate-600">
            Text
            <input type="search" name="q" defaultValue={query.q} placeholder="subject or actor contains…" className={`${field} mt-0.5 block w-56`} data-testid="audit-q" />
          </label>
          <label className="text-xs text-slate-600">
            Since
            <input type="date" name="since" defaultValue={query.since} className={`${field} mt-0.5 block`} data-testid="audit-since" />
          </label>
          {query.limit !== DEFAULT_LIMIT && <input type="hidden" name="limit" value={query.limit} />}
          <button type="submit" className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700" data-testid="audit-apply">
            Filter
          </button>
          {filtered && (
            <Link href="/audit" className="px-1 py-1.5 text-sm text-blue-700 hover:underline">
              Clear
            </Link>
          )}
          <span className="ml-auto flex items-center gap-3 py-1.5 text-sm text-slate-600">
            <span data-testid="audit-count">{entries.length} entries{query.before ? ` before #${query.before}` : ""}</span>
            <button type="button" onClick={() => download(entries, query)} disabled={entries.length === 0} className="font-medium text-blue-700 hover:underline disabled:text-slate-400" data-testid="audit-export">
              Export CSV
            </button>
          </span>
        </Form>
        {entries.length === 0 ? (
          <p className="px-3 py-10 text-center text-sm text-slate-500" data-testid="audit-empty">
            No entry matches these filters.
          </p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full min-w-[900px] text-sm" data-testid="audit-table">
              <thead className="border-b border-slate-200 bg-slate-50 text-left text-xs text-slate-600">
                <tr>
                  <th className="px-3 py-2 font-medium">When (UTC)</th>
                  <th className="px-3 py-2 font-medium">Actor</th>
                  <th className="px-3 py-2 font-medium">Action</th>
                  <th className="px-3 py-2 font-medium">Subject</th>
                  <th className="px-3 py-2 font-medium">Detail</th>
                  <th className="px-3 py-2 font-medium">IP</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {entries.map((e) => {
                  const href = subjectHref(e);
                  return (
                    <tr key={e.id} className="align-top hover:bg-slate-50" data-testid="audit-row" data-action={e.action}>
                      <td className="whitespace-nowrap px-3 py-1.5 tabular-nums text-slate-600" title={timeAgo(e.at, now)}>
                        {e.at.slice(0, 19).replace("T", " ")}
                      </td>
                      <td className="max-w-48 truncate px-3 py-1.5 text-slate-800" title={e.actor}>
                        {e.actor}
                      </td>
                      <td className="whitespace-nowrap px-3 py-1.5">
                        <Badge tone={TONE[e.action.split(".")[0]] ?? "neutral"}>{e.action}</Badge>
                      </td>
                      <td className="max-w-56 truncate px-3 py-1.5 font-mono text-xs" title={e.subject}>
                        {href ? (
                          <Link href={href} className="text-blue-700 hover:underline">
                            {e.subject}
                          </Link>
                        ) : (
                          e.subject
                        )}
                      </td>
                      <td className="max-w-md px-3 py-1.5 font-mono text-xs">
                        <AuditDetail detail={e.detail} />
                      </td>
                      <td className="whitespace-nowrap px-3 py-1.5 font-mono text-xs text-slate-500" data-testid="audit-ip">
                        {/* A sign-in always has a client; one without a known address says so. */}
                        {e.ip ?? (e.action === "user.sign-in" ? "unknown" : "")}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {(query.before || older) && (
          <nav aria-label="Pagination" className="flex items-center justify-between border-t border-slate-100 px-3 py-2 text-sm">
            {query.before ? (
              <Link href={`/audit${auditQueryString({ ...query, before: null })}`} className="text-blue-700 hover:underline" data-testid="audit-newest">
                « Newest
              </Link>
            ) : (
              <span />
            )}
            {older && (
              <Link href={`/audit${auditQueryString({ ...query, before: older })}`} className="text-blue-700 hover:underline" data-testid="audit-older">
                Older →
              </Link>
            )}
          </nav>
        )}
      </Card>
    </div>
  );
}

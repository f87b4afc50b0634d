"use client";

import Link from "next/link";
import { formatDateTime, timeAgo } from "@/components/format";
import { DecisionForm, type Viewer } from "./decision-form";
import { DriftSummary, type HostDrift } from "./drift-summary";
import { HostChip, RequestStatusBadge } from "./status-badge";
import { approvalCount, countdown, isFinal, requestPath, type RebuildListItem } from "./status";

const MAX_CHIPS = 24;

/** One request in the queue: what, why, who, how long it has left, and the decision buttons. */
export function RequestCard({ request: r, drift, me, now }: { request: RebuildListItem; drift?: Record<string, HostDrift>; me: Viewer; now: number }) {
  const approvals = approvalCount(r.approvals);
  const expiresIn = countdown(r.expiresAt, now);
  const stale = r.message?.startsWith("Stale:");
  return (
    <article className="rounded-lg border border-slate-200 bg-white shadow-sm" data-testid="rebuild-card" data-id={r.id} data-status={r.status}>
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-100 px-4 py-2.5">
        <Link href={requestPath(r.id)} className="font-semibold text-slate-900 hover:underline" data-testid="open-request">
          Rebuild {r.hosts.length === 1 ? "1 host" : `${r.hosts.length} hosts`} of {r.fleet}
        </Link>
        <span className="text-sm text-slate-500">spec v{r.specVersion}</span>
        <RequestStatusBadge status={r.status} />
        <span className="ml-auto flex flex-wrap items-center gap-x-3 text-xs text-slate-500">
          <span title={formatDateTime(r.createdAt)}>
            by <strong className="font-medium text-slate-700">{r.requestedBy}</strong> · {timeAgo(r.createdAt, now)}
          </span>
          {r.status === "pending" && (
            <>
              <span className={`tabular-nums ${approvals > 0 ? "text-emerald-700" : ""}`} data-testid="approvals">
                Approvals {approvals} of {r.approvalsRequired}
              </span>
              <span className={`tabular-nums ${expiresIn === "expired" ? "text-red-700" : ""}`} title={`Expires ${formatDateTime(r.expiresAt)}`} data-testid="expires">
                expires {expiresIn}
              </span>
            </>
          )}
          {isFinal(r.status) && r.finishedAt && <span title={formatDateTime(r.finishedAt)}>finished {timeAgo(r.finishedAt, now)}</span>}
          <Link href={requestPath(r.id)} className="font-medium text-blue-700 hover:underline">
            Details →
          </Link>
        </span>
      </header>
      <div className="space-y-3 px-4 py-3">
        <blockquote className="border-l-2 border-slate-300 pl-3 text-sm text-slate-700" data-testid="reason">
          {r.reason}
        </blockquote>
        <div className="flex flex-wrap gap-1.5">
          {r.hosts.slice(0, MAX_CHIPS).map((h) => (
            <HostChip key={h.hostname} fleet={r.fleet} hostname={h.hostname} status={h.status} />
          ))}
          {r.hosts.length > MAX_CHIPS && <span className="self-center text-xs text-slate-500">and {r.hosts.length - MAX_CHIPS} more</span>}
        </div>
        {r.message && !stale && <p className="text-sm text-slate-600">{r.message}</p>}
        {r.approvals.length > 0 && (
          <p className="text-xs text-slate-500">
            {r.approvals.map((a, i) => (
              <span key={i} className={a.decision === "approve" ? "text-emerald-700" : "text-red-700"}>
                {i > 0 && ", "}
                {a.decision === "approve" ? "approved" : "rejected"} by {a.user}
              </span>
            ))}
          </p>
        )}
        {drift && <DriftSummary fleet={r.fleet} drift={drift} hostnames={r.hosts.map((h) => h.hostname)} />}
        <DecisionForm
          key={`${r.id}:${r.status}`}
          openOnApprove
          me={me}
          request={{ id: r.id, status: r.status, requestedById: r.requestedById, fleet: r.fleet, reason: r.reason, message: r.message, hosts: r.hosts.map((h) => h.hostname), downgrades: r.downgrades }}
        />
      </div>
    </article>
  );
}

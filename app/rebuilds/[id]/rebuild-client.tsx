"use client";

import Link from "next/link";
import { useEffect } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { REBUILD_POLL_MS, useRebuild } from "@/lib/client/queries";
import { queryKeys } from "@/lib/client/query-keys";
import { Card, CardHeader } from "@/components/ui/stat";
import { formatDateTime, timeAgo } from "@/components/format";
import { DecisionForm, type Viewer } from "@/components/rebuilds/decision-form";
import { HostProgressTable, ProgressBar, ProviderLogs } from "@/components/rebuilds/host-progress";
import { RequestStatusBadge } from "@/components/rebuilds/status-badge";
import { StatusTimeline } from "@/components/rebuilds/status-timeline";
import { approvalCount, countdown, isFinal, type RebuildDetail } from "@/components/rebuilds/status";
import { useNow } from "@/components/rebuilds/use-now";
import { Breadcrumb } from "@/components/ui/breadcrumb";

// Live while anything can still happen: polls the API every 1.5 s, starting from the server-rendered request.
export function RebuildClient({ initial, me, now: served }: { initial: RebuildDetail; me: Viewer; now: string }) {
  const queryClient = useQueryClient();
  const { data: r, error, isFetching } = useRebuild(initial);
  const now = useNow(served, 1000);
  // Arriving here right after requesting (or deciding) changes the nav's pending count.
  useEffect(() => void queryClient.invalidateQueries({ queryKey: queryKeys.rebuilds.pendingCount() }), [queryClient, r.status]);
  const live = !isFinal(r.status);
  const approvals = approvalCount(r.approvals);

  return (
    <div className="space-y-6">
      <Breadcrumb trail={[{ href: "/rebuilds", label: "Rebuilds" }]} current={r.id.slice(0, 8)} mono />
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">
          Rebuild {r.hosts.length === 1 ? "1 host" : `${r.hosts.length} hosts`} of{" "}
          <Link href={`/fleets/${encodeURIComponent(r.fleet)}`} className="hover:underline">
            {r.fleet}
          </Link>
        </h1>
        <RequestStatusBadge status={r.status} />
        <span className="text-sm text-slate-500">spec v{r.specVersion}</span>
        <span className="ml-auto flex items-center gap-3 text-sm">
          {live && (
            <span className="flex items-center gap-1.5 text-xs text-slate-500" data-testid="live" title={`Refreshes every ${REBUILD_POLL_MS / 1000} s`}>
              <span aria-hidden className={`size-2 rounded-full ${isFetching ? "bg-blue-500" : "bg-emerald-500"} animate-pulse`} />
              live
            </span>
          )}
          <a href={`/api/v1/rebuilds/${encodeURIComponent(r.id)}`} download={`rebuild-${r.id}.json`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-50" data-testid="export-json">
            Export JSON
          </a>
        </span>
      </div>
      {error && (
        <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Could not refresh: {error.message} Showing the last known state.
        </p>
      )}

      <Card testId="status-card">
        <div className="space-y-5 p-4">
          <StatusTimeline request={r} />
          <ProgressBar hosts={r.hosts} />
          {r.message && (
            <p className={`rounded-md border px-3 py-2 text-sm ${r.status === "failed" || r.status === "rejected" ? "border-red-200 bg-red-50 text-red-800" : "border-slate-200 bg-slate-50 text-slate-700"}`} data-testid="request-message">
              {r.message}
            </p>
          )}
        </div>
      </Card>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-6">
          <Card testId="hosts-card">
            <CardHeader title="Hosts" />
            <HostProgressTable fleet={r.fleet} hosts={r.hosts} />
          </Card>
          <Card>
            <CardHeader title="Provider logs" />
            <ProviderLogs hosts={r.hosts} />
          </Card>
        </div>
        <div className="space-y-6">
          <Card testId="request-card">
            <CardHeader title="Request" />
            <dl className="space-y-2 px-4 py-3 text-sm">
              <Row label="Reason">
                <span className="whitespace-pre-wrap" data-testid="reason">{r.reason}</span>
              </Row>
              <Row label="Requested by">{r.requestedBy}</Row>
              <Row label="Requested">
                <span title={formatDateTime(r.createdAt)}>{timeAgo(r.createdAt, now)}</span>
              </Row>
              {r.status === "pending" && (
                <Row label="Expires">
                  <span title={formatDateTime(r.expiresAt)} data-testid="expires">{countdown(r.expiresAt, now)}</span>
                </Row>
              )}
              {r.finishedAt && <Row label="Finished">{formatDateTime(r.finishedAt)}</Row>}
              <Row label="Approvals">
                <span data-testid="approvals">
                  {approvals} of {r.approvalsRequired}
                </span>
              </Row>
            </dl>
            {(r.status === "pending" || (!isFinal(r.status) && (r.requestedById === me.userId || me.role === "admin"))) && (
              <div className="border-t border-slate-100 px-4 py-3">
                <DecisionForm
                  key={r.status}
                  me={me}
                  request={{ id: r.id, status: r.status, requestedById: r.requestedById, fleet: r.fleet, reason: r.reason, message: r.message, hosts: r.hosts.map((h) => h.hostname), downgrades: r.downgrades }}
                  onDecided={() => void queryClient.invalidateQueries({ queryKey: queryKeys.rebuilds.detail(initial.id) })}
                />
              </div>
            )}
          </Card>
          <Card testId="approvals-card">
            <CardHeader title="Decisions" />
            {r.approvals.length === 0 ? (
              <p className="px-4 py-3 text-sm text-slate-500">{r.approvalsRequired === 0 ? "Approved automatically by fleet policy." : "Nobody has decided yet."}</p>
            ) : (
              <ul className="divide-y divide-slate-100">
                {r.approvals.map((a) => (
                  <li key={`${a.userId}-${a.at}`} className="px-4 py-2.5 text-sm" data-testid="decision-entry">
                    <div className="flex items-baseline gap-2">
                      <span className={`font-medium ${a.decision === "approve" ? "text-emerald-700" : "text-red-700"}`}>{a.decision === "approve" ? "✓ Approved" : "✕ Rejected"}</span>
                      <span className="text-slate-700">{a.user}</span>
                      <span className="ml-auto text-xs text-slate-500" title={formatDateTime(a.at)}>
                        {timeAgo(a.at, now)}
                      </span>
                    </div>
                    {a.comment && <p className="mt-0.5 whitespace-pre-wrap text-slate-600">“{a.comment}”</p>}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      </div>
    </div>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[7rem_minmax(0,1fr)] gap-2">
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-slate-800">{children}</dd>
    </div>
  );
}

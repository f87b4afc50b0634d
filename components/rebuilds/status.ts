// Display rules for rebuild requests, pure so server pages, client components and tests share them.
import type { getRebuild, listRebuilds } from "@/lib/services/get-rebuild";
import { DONE_HOST_STATUSES, isFinalRequestStatus, requestStatusesIn, type RebuildHostStatus, type RequestStatus } from "@/model/rebuild-status";
import type { Tone } from "@/components/ui/badge";

export type RebuildDetail = Awaited<ReturnType<typeof getRebuild>>;
export type RebuildListItem = Awaited<ReturnType<typeof listRebuilds>>[number];
export type { RequestStatus };
export type HostStatus = RebuildHostStatus;

/** The queue's tabs, as they appear in ?status=: one per phase of a request (model/rebuild-status.ts). */
export const TABS = [
  { key: "pending", label: "Pending approval", statuses: requestStatusesIn("pending") },
  { key: "running", label: "Running", statuses: requestStatusesIn("active") },
  { key: "history", label: "History", statuses: requestStatusesIn("final") },
] as const satisfies readonly { key: string; label: string; statuses: readonly RequestStatus[] }[];
export type TabKey = (typeof TABS)[number]["key"];

export function parseTab(v: string | undefined): TabKey {
  return TABS.find((t) => t.key === v)?.key ?? "pending";
}

/** Nothing more will happen to a request in these states: polling stops, actions disappear. */
export const isFinal = (s: RequestStatus) => isFinalRequestStatus(s);

export const REQUEST_TONE: Record<RequestStatus, Tone> = {
  pending: "amber",
  approved: "blue",
  running: "blue",
  verifying: "violet",
  succeeded: "green",
  failed: "red",
  rejected: "red",
  expired: "neutral",
  cancelled: "neutral",
};

/** Host chips: the dot and ring say where each host is, without reading the word. */
export const HOST_CHIP: Record<HostStatus, string> = {
  waiting: "bg-slate-50 text-slate-700 ring-slate-200",
  queued: "bg-sky-50 text-sky-800 ring-sky-200",
  running: "bg-blue-50 text-blue-800 ring-blue-300",
  verifying: "bg-violet-50 text-violet-800 ring-violet-300",
  succeeded: "bg-emerald-50 text-emerald-800 ring-emerald-300",
  failed: "bg-red-50 text-red-800 ring-red-300",
  skipped: "bg-slate-100 text-slate-500 ring-slate-200 line-through",
};

export const HOST_DOT: Record<HostStatus, string> = {
  waiting: "bg-slate-300",
  queued: "bg-sky-400",
  running: "bg-blue-600 animate-pulse",
  verifying: "bg-violet-500 animate-pulse",
  succeeded: "bg-emerald-500",
  failed: "bg-red-500",
  skipped: "bg-slate-300",
};

export const HOST_DONE: readonly HostStatus[] = DONE_HOST_STATUSES;

export function approvalCount(approvals: readonly { decision: string }[]): number {
  return approvals.filter((a) => a.decision === "approve").length;
}

/** "in 23 h 5 m", "in 40 s", "expired"; a countdown, so it is precise to the minute (seconds in the last one). */
export function countdown(toIso: string, now: number): string {
  const secs = Math.floor((new Date(toIso).getTime() - now) / 1000);
  if (secs <= 0) return "expired";
  const d = Math.floor(secs / 86400);
  const h = Math.floor((secs % 86400) / 3600);
  const m = Math.floor((secs % 3600) / 60);
  if (d > 0) return `in ${d} d ${h} h`;
  if (h > 0) return `in ${h} h ${m} m`;
  if (m > 0) return `in ${m} m`;
  return `in ${secs} s`;
}

export const requestPath = (id: string) => `/rebuilds/${encodeURIComponent(id)}`;
export const hostPath = (fleet: string, hostname: string) => `/fleets/${encodeURIComponent(fleet)}/hosts/${encodeURIComponent(hostname)}`;

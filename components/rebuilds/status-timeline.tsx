import { formatDateTime } from "@/components/format";
import { approvalCount, type RebuildDetail } from "./status";

type StepState = "done" | "current" | "upcoming" | "failed" | "stopped";
interface Step {
  key: string;
  label: string;
  state: StepState;
  at: string | null;
}

const earliest = (xs: (string | null)[]) => xs.filter((x): x is string => x !== null).sort()[0] ?? null;

/** Which step the request is on while it is open: waiting for approval, rolling out, or waiting for proof. */
const CURRENT: Partial<Record<RebuildDetail["status"], number>> = { pending: 1, approved: 2, running: 2, verifying: 3 };

/**
 * requested → approved → running → verifying → succeeded | failed; a rejection, expiry or cancel ends the line
 * after the last step reached. With a canary the request stays "running" while its canary verifies: the
 * timeline follows the request's own status, the hosts table shows each host's.
 */
export function timelineSteps(r: RebuildDetail): Step[] {
  const started = earliest(r.hosts.map((h) => h.startedAt));
  const providerDone = earliest(r.hosts.map((h) => h.providerDoneAt));
  const lastApproval = r.approvals.filter((a) => a.decision === "approve").map((a) => a.at).sort().at(-1) ?? null;
  const base: Omit<Step, "state">[] = [
    { key: "requested", label: "Requested", at: r.createdAt },
    { key: "approved", label: r.approvalsRequired === 0 ? "Auto-approved" : "Approved", at: lastApproval },
    { key: "running", label: "Running", at: started },
    { key: "verifying", label: "Verifying", at: providerDone },
  ];
  const current = CURRENT[r.status];
  if (current !== undefined) {
    return [...base, { key: "succeeded", label: "Succeeded", at: null }].map((s, i) => ({
      ...s,
      state: i < current ? "done" : i === current ? "current" : "upcoming",
      at: i <= current ? s.at : null,
    }));
  }
  if (r.status === "succeeded" || r.status === "failed") {
    // A failure can come before verification (the provider failed): mark only the steps that happened.
    const reached = (s: Omit<Step, "state">) => s.key === "requested" || s.key === "approved" || s.at !== null;
    return [
      ...base.map((s) => ({ ...s, state: (reached(s) ? "done" : "upcoming") as StepState })),
      { key: r.status, label: r.status === "succeeded" ? "Succeeded" : "Failed", state: r.status === "succeeded" ? "done" : "failed", at: r.finishedAt },
    ];
  }
  // Rejected, expired or cancelled: the line stops after the last step that happened.
  const reachedCount = started ? (providerDone ? 4 : 3) : r.status === "cancelled" && approvalCount(r.approvals) >= r.approvalsRequired && lastApproval ? 2 : 1;
  const label = r.status === "rejected" ? "Rejected" : r.status === "expired" ? "Expired" : "Cancelled";
  return [
    ...base.slice(0, reachedCount).map((s) => ({ ...s, state: "done" as StepState })),
    { key: r.status, label, state: r.status === "rejected" ? "failed" : "stopped", at: r.finishedAt },
  ];
}

const DOT: Record<StepState, string> = {
  done: "bg-emerald-500 text-white",
  current: "bg-blue-600 text-white ring-4 ring-blue-100 animate-pulse",
  upcoming: "bg-white text-slate-400 ring-1 ring-slate-300",
  failed: "bg-red-600 text-white",
  stopped: "bg-slate-500 text-white",
};
const MARK: Record<StepState, string> = { done: "✓", current: "•", upcoming: "", failed: "✕", stopped: "–" };

export function StatusTimeline({ request }: { request: RebuildDetail }) {
  const steps = timelineSteps(request);
  return (
    <ol className="flex flex-wrap items-start gap-y-3" aria-label="Status timeline" data-testid="timeline">
      {steps.map((s, i) => (
        <li key={s.key} className="flex min-w-28 flex-1 items-start" data-testid="timeline-step" data-step={s.key} data-state={s.state}>
          <div className="flex flex-col items-center text-center">
            <span aria-hidden className={`grid size-6 place-items-center rounded-full text-xs font-bold ${DOT[s.state]}`}>
              {MARK[s.state]}
            </span>
            <span className={`mt-1 text-sm font-medium ${s.state === "upcoming" ? "text-slate-400" : s.state === "failed" ? "text-red-700" : "text-slate-800"}`}>{s.label}</span>
            <span className="text-[11px] tabular-nums text-slate-500" title={s.at ? formatDateTime(s.at) : undefined}>
              {s.at ? `${s.at.slice(11, 19)} UTC` : s.state === "current" ? "in progress" : " "}
            </span>
          </div>
          {i < steps.length - 1 && <span aria-hidden className={`mx-2 mt-3 h-0.5 flex-1 rounded ${steps[i + 1].state === "upcoming" ? "bg-slate-200" : "bg-emerald-400"}`} />}
        </li>
      ))}
    </ol>
  );
}

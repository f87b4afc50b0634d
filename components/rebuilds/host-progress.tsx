import { driftTone } from "@/components/ui/badge";
import { formatDateTime } from "@/components/format";
import { HostChip } from "./status-badge";
import { HOST_DONE, type RebuildDetail } from "./status";

type HostRow = RebuildDetail["hosts"][number];

const time = (iso: string | null) => (iso ? `${iso.slice(11, 19)}` : "—");

/** Finished hosts (succeeded, failed or skipped) over all hosts: the request's progress bar. */
export function ProgressBar({ hosts }: { hosts: HostRow[] }) {
  const done = hosts.filter((h) => HOST_DONE.includes(h.status)).length;
  const ok = hosts.filter((h) => h.status === "succeeded").length;
  const bad = hosts.filter((h) => h.status === "failed").length;
  const pct = (n: number) => `${hosts.length ? (n / hosts.length) * 100 : 0}%`;
  return (
    <div data-testid="progress">
      <div className="mb-1 flex justify-between text-xs text-slate-600">
        <span data-testid="progress-text">
          {done} of {hosts.length} hosts finished
        </span>
        <span>
          {ok} succeeded{bad > 0 && <span className="text-red-700"> · {bad} failed</span>}
        </span>
      </div>
      <div className="flex h-2 overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-valuemin={0} aria-valuemax={hosts.length} aria-valuenow={done}>
        <div className="bg-emerald-500 transition-all" style={{ width: pct(ok) }} />
        <div className="bg-red-500 transition-all" style={{ width: pct(bad) }} />
        <div className="bg-slate-300 transition-all" style={{ width: pct(done - ok - bad) }} />
      </div>
    </div>
  );
}

/** Per-host progress; batch 0 alone ahead of other batches is the canary. */
export function HostProgressTable({ fleet, hosts }: { fleet: string; hosts: HostRow[] }) {
  const batches = new Set(hosts.map((h) => h.batch));
  const canary = batches.size > 1 && hosts.filter((h) => h.batch === 0).length === 1;
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[820px] text-sm" data-testid="host-progress">
        <thead className="border-b border-slate-200 bg-slate-50 text-left text-xs text-slate-600">
          <tr>
            <th className="px-3 py-2 font-medium">Host</th>
            <th className="px-3 py-2 font-medium">Batch</th>
            <th className="px-3 py-2 font-medium" title="Provider calls made; a transient failure is tried again with backoff">Attempts</th>
            <th className="px-3 py-2 font-medium" title="UTC">Started</th>
            <th className="px-3 py-2 font-medium" title="When the provider reported the replacement done (UTC)">Provider done</th>
            <th className="px-3 py-2 font-medium" title="The new host must report a matching fingerprint before this (UTC)">Verify by</th>
            <th className="px-3 py-2 text-right font-medium" title="Drift items in the host's latest report after the rebuild">Remaining drift</th>
            <th className="px-3 py-2 font-medium">Message</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {hosts.map((h) => (
            <tr key={h.hostname} className="align-top" data-testid="progress-row" data-hostname={h.hostname} data-status={h.status}>
              <td className="px-3 py-1.5">
                <HostChip fleet={fleet} hostname={h.hostname} status={h.status} extra={h.status} />
              </td>
              <td className="whitespace-nowrap px-3 py-1.5 tabular-nums text-slate-600">{canary && h.batch === 0 ? "0 · canary" : h.batch}</td>
              <td className="whitespace-nowrap px-3 py-1.5 tabular-nums text-slate-600" data-testid="attempts">
                {h.attemptCount || "—"}
                {h.nextAttemptAt && !h.finishedAt && (
                  <span className="block text-xs text-amber-700" title={formatDateTime(h.nextAttemptAt)} data-testid="next-attempt">
                    next at {time(h.nextAttemptAt)}
                  </span>
                )}
              </td>
              <td className="px-3 py-1.5 tabular-nums text-slate-600" title={formatDateTime(h.startedAt)}>{time(h.startedAt)}</td>
              <td className="px-3 py-1.5 tabular-nums text-slate-600" title={formatDateTime(h.providerDoneAt)}>{time(h.providerDoneAt)}</td>
              <td className="px-3 py-1.5 tabular-nums text-slate-600" title={formatDateTime(h.verifyBy)}>{h.finishedAt ? "—" : time(h.verifyBy)}</td>
              <td className={`px-3 py-1.5 text-right font-semibold tabular-nums ${driftTone(h.remainingDrift)}`} data-testid="remaining-drift">
                {h.remainingDrift ?? "—"}
              </td>
              <td className="max-w-md px-3 py-1.5 text-xs text-slate-600">{h.message ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Each host's provider output, collapsed; open ones stay open while the page polls (React keeps the DOM). */
export function ProviderLogs({ hosts }: { hosts: HostRow[] }) {
  return (
    <div className="divide-y divide-slate-100" data-testid="provider-logs">
      {hosts.map((h) => (
        <details key={h.hostname} className="group" data-testid="provider-log" data-hostname={h.hostname}>
          <summary className="flex cursor-pointer select-none items-center gap-2 px-4 py-2 text-sm hover:bg-slate-50">
            <span aria-hidden className="text-slate-400 transition-transform group-open:rotate-90">▸</span>
            <span className="font-mono text-slate-800">{h.hostname}</span>
            <span className="text-xs text-slate-500">{h.log ? `${h.log.trimEnd().split("\n").length} lines` : "no output yet"}</span>
            {h.externalId && <span className="ml-auto font-mono text-xs text-slate-400">ref {h.externalId}</span>}
          </summary>
          {h.attempts.length > 0 && <AttemptList attempts={h.attempts} />}
          <pre className="max-h-80 overflow-auto whitespace-pre-wrap border-t border-slate-800 bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100 [overflow-wrap:anywhere]">
            {h.log || "(the provider has not written anything yet)"}
          </pre>
        </details>
      ))}
    </div>
  );
}

const OUTCOME_TONE: Record<string, string> = {
  succeeded: "text-emerald-700",
  "waiting-callback": "text-slate-600",
  retrying: "text-amber-700",
  failed: "text-red-700",
  interrupted: "text-amber-700",
};

/** Each provider call for a host: when, how it ended, and when the next one was set for. */
function AttemptList({ attempts }: { attempts: HostRow["attempts"] }) {
  return (
    <ol className="border-t border-slate-100 px-4 py-2 text-xs" data-testid="attempt-list">
      {attempts.map((a, i) => (
        <li key={i} className="flex flex-wrap gap-x-2 py-0.5" data-testid="attempt" data-outcome={a.outcome ?? "running"}>
          <span className="font-medium text-slate-700">
            {a.kind === "resume" ? `attempt ${a.attempt}, resumed` : `attempt ${a.attempt}`}
          </span>
          <span className="tabular-nums text-slate-500" title={formatDateTime(a.startedAt)}>{time(a.startedAt)}</span>
          <span className={OUTCOME_TONE[a.outcome ?? ""] ?? "text-slate-500"}>{a.outcome ?? "running"}</span>
          {a.retryAt && <span className="text-amber-700">next at {time(a.retryAt)}</span>}
          {a.message && <span className="text-slate-600 [overflow-wrap:anywhere]">{a.message}</span>}
        </li>
      ))}
    </ol>
  );
}

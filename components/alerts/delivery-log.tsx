import Link from "next/link";
import type { DeliveryStatus } from "@/lib/core/alert-kinds";
import type { DeliveryView } from "@/lib/services/list-alert-deliveries";
import { Badge } from "@/components/ui/badge";
import { formatDateTime, timeAgo } from "@/components/format";
import { STATUS_TONE, timeUntil } from "./labels";

const FILTERS: { key: DeliveryStatus | null; label: string }[] = [
  { key: null, label: "All" },
  { key: "pending", label: "Pending" },
  { key: "delivered", label: "Delivered" },
  { key: "failed", label: "Failed" },
];

function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** The delivery log: one row per message, newest first; the body is what was (or will be) POSTed, byte for byte. */
export function DeliveryLog({ fleet, deliveries, status, now }: { fleet: string; deliveries: DeliveryView[]; status: DeliveryStatus | null; now: string }) {
  const href = (s: DeliveryStatus | null) => `/fleets/${encodeURIComponent(fleet)}/alerts${s ? `?status=${s}` : ""}`;
  return (
    <div>
      <nav aria-label="Delivery status" className="flex gap-1 border-b border-slate-100 px-4 pt-2">
        {FILTERS.map((f) => (
          <Link
            key={f.label}
            href={href(f.key)}
            aria-current={f.key === status ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm ${f.key === status ? "border-slate-900 font-medium text-slate-900" : "border-transparent text-slate-500 hover:text-slate-800"}`}
          >
            {f.label}
          </Link>
        ))}
      </nav>
      {deliveries.length === 0 ? (
        <p className="p-4 text-sm text-slate-500" data-testid="no-deliveries">
          {status ? `No ${status} delivery.` : "Nothing sent yet. Events are grouped per channel and sent when their window closes; “Send test” sends one now."}
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="delivery-log">
            <thead className="border-b border-slate-100 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-2 font-medium">Created</th>
                <th className="px-4 py-2 font-medium">Channel</th>
                <th className="px-4 py-2 font-medium">Message</th>
                <th className="px-4 py-2 font-medium">Status</th>
                <th className="px-4 py-2 text-right font-medium">Attempts</th>
                <th className="px-4 py-2 font-medium">Next attempt</th>
                <th className="px-4 py-2 font-medium">Last answer</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 align-top">
              {deliveries.map((d) => (
                <tr key={d.id} data-testid="delivery-row" data-status={d.status}>
                  <td className="whitespace-nowrap px-4 py-2 text-slate-600" title={formatDateTime(d.createdAt)}>
                    {timeAgo(d.createdAt, now)}
                  </td>
                  <td className="px-4 py-2 font-medium">{d.channel}</td>
                  <td className="max-w-md px-4 py-2">
                    <details>
                      <summary className="cursor-pointer text-slate-800">
                        {d.test ? <Badge tone="violet">test</Badge> : <span className="tabular-nums text-slate-500">{d.events} event{d.events === 1 ? "" : "s"} · </span>}{" "}
                        {d.summary}
                      </summary>
                      <pre className="mt-2 max-h-80 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 font-mono text-xs text-slate-700">{pretty(d.body)}</pre>
                    </details>
                  </td>
                  <td className="px-4 py-2">
                    <Badge tone={STATUS_TONE[d.status]}>{d.status}</Badge>
                  </td>
                  <td className="px-4 py-2 text-right tabular-nums">{d.attempts}</td>
                  <td className="whitespace-nowrap px-4 py-2 text-slate-600" title={formatDateTime(d.nextAttemptAt)}>
                    {d.status === "pending" ? timeUntil(d.nextAttemptAt, now) : "—"}
                  </td>
                  <td className="max-w-sm px-4 py-2 text-xs">
                    {d.lastStatus !== null && <span className={`font-mono ${d.lastStatus < 300 ? "text-emerald-700" : "text-red-700"}`}>HTTP {d.lastStatus}</span>}
                    {d.lastError && <p className="break-words text-slate-600">{d.lastError}</p>}
                    {d.lastStatus === null && !d.lastError && <span className="text-slate-400">—</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

import type { HostEvent } from "@/lib/core/types";
import { shortHash } from "@/components/format";

export interface PickerPoint {
  hash: string;
  at: string;
  event: HostEvent;
}

const EVENT_LABEL: Record<PickerPoint["event"], string> = { enrolled: "enrolled", fingerprint: "changed", rebuilt: "rebuilt", replaced: "replaced", renamed: "renamed", "key-revoked": "key revoked" };

/**
 * Any two points of the host's history. A plain GET form: it works before hydration and the result is a URL
 * (?from=&to=) that can be shared. Defaults to the last change when the page is not comparing history yet.
 */
export function HistoryPicker({ action, points, from, to }: { action: string; points: PickerPoint[]; from: string; to: string }) {
  if (points.length < 2) {
    return <p className="text-xs text-slate-500" data-testid="history-picker-empty">This host has had one fingerprint only: no two points of its history to compare.</p>;
  }
  const last = points[points.length - 1].hash;
  const before = points[points.length - 2].hash;
  const option = (p: PickerPoint, i: number) => (
    <option key={`${p.hash}-${i}`} value={p.hash}>
      {p.at.replace("T", " ").slice(0, 16)} · {shortHash(p.hash, 8)} · {i === points.length - 1 ? "current" : EVENT_LABEL[p.event]}
    </option>
  );
  const select = "max-w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-xs";
  return (
    <form method="get" action={action} className="flex flex-wrap items-center gap-2 text-sm" data-testid="history-picker">
      <span className="text-slate-600">History (UTC): from</span>
      <select name="from" defaultValue={from || before} className={select} data-testid="history-from" aria-label="From fingerprint">
        {points.map(option)}
      </select>
      <span className="text-slate-600">to</span>
      <select name="to" defaultValue={to || last} className={select} data-testid="history-to" aria-label="To fingerprint">
        {points.map(option)}
      </select>
      <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50" data-testid="history-compare">
        Compare
      </button>
    </form>
  );
}

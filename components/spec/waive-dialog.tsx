"use client";

import { small, today, type usePreviewed } from "./use-previewed";

interface Props {
  subject: string;
  reason: string;
  until: string;
  onReason: (v: string) => void;
  onUntil: (v: string) => void;
  p: ReturnType<typeof usePreviewed>;
}

/** Reason (required) and last day (optional) of a waiver, then its preview: the host page and the fleet drift table. */
export function WaiveDialog({ subject, reason, until, onReason, onUntil, p }: Props) {
  return (
    <div role="dialog" aria-label={`Waive ${subject}`} className="mt-2 space-y-2 rounded-md border border-slate-200 bg-slate-50 p-2" data-testid="waive-dialog">
      <label className="block text-xs text-slate-700">
        Reason (required)
        <input value={reason} onChange={(e) => onReason(e.target.value)} maxLength={500} className="mt-0.5 block w-full rounded border border-slate-300 px-2 py-1 text-sm" data-testid="waive-reason" />
      </label>
      <label className="block text-xs text-slate-700">
        Until (last day, optional)
        <input type="date" min={today()} value={until} onChange={(e) => onUntil(e.target.value)} className="mt-0.5 block rounded border border-slate-300 px-2 py-1 text-sm" data-testid="waive-until" />
      </label>
      {!p.preview && (
        <button type="button" className={small} onClick={p.ask} disabled={p.pending || !reason.trim()} data-testid="waive-preview">
          Preview
        </button>
      )}
    </div>
  );
}

"use client";

import { useState } from "react";
import type { SpecActionResult } from "./types";
import { small, today, usePreviewed } from "./use-previewed";

/** A waiver's reason and last day, previewed then saved through `run` (the host page and the fleet drift table). */
export function useWaiver(run: (w: { reason: string; until: string | null }, dryRun: boolean, baseVersion?: number | null) => Promise<SpecActionResult>) {
  const [reason, setReason] = useState("");
  const [until, setUntil] = useState("");
  const p = usePreviewed((dryRun, baseVersion) => run({ reason, until: until || null }, dryRun, baseVersion));
  return { reason, until, setReason, setUntil, p };
}

/** Reason (required) and last day (optional) of a waiver, then its preview. */
export function WaiveDialog({ subject, w }: { subject: string; w: ReturnType<typeof useWaiver> }) {
  const { reason, until, p } = w;
  return (
    <div role="dialog" aria-label={`Waive ${subject}`} className="mt-2 space-y-2 rounded-md border border-slate-200 bg-slate-50 p-2" data-testid="waive-dialog">
      <label className="block text-xs text-slate-700">
        Reason (required)
        <input value={reason} onChange={(e) => w.setReason(e.target.value)} maxLength={500} className="mt-0.5 block w-full rounded border border-slate-300 px-2 py-1 text-sm" data-testid="waive-reason" />
      </label>
      <label className="block text-xs text-slate-700">
        Until (last day, optional)
        <input type="date" min={today()} value={until} onChange={(e) => w.setUntil(e.target.value)} className="mt-0.5 block rounded border border-slate-300 px-2 py-1 text-sm" data-testid="waive-until" />
      </label>
      {!p.preview && (
        <button type="button" className={small} onClick={p.ask} disabled={p.pending || !reason.trim()} data-testid="waive-preview">
          Preview
        </button>
      )}
    </div>
  );
}

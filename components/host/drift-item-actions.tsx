"use client";

import { useState, useTransition } from "react";
import type { DriftItem } from "@/lib/core/types";
import { SpecDiffView } from "@/components/spec/spec-diff-view";
import type { EditPreview, SpecActions } from "@/components/spec/types";

export interface HostSpecActions extends SpecActions {
  fleet: string;
  hostname: string;
}

const small = "rounded border border-slate-300 bg-white px-1.5 py-0.5 text-xs text-slate-700 hover:bg-slate-50 disabled:opacity-50";
const confirmBtn = "rounded-md bg-blue-600 px-3 py-1 text-xs font-medium text-white hover:bg-blue-700 disabled:opacity-50";
const today = () => new Date().toISOString().slice(0, 10);

/**
 * Preview first, then save: every change shows the new spec version's diff before it is made, and the save names
 * the version previewed (a spec that moved meanwhile is a conflict, shown here).
 */
function usePreviewed(run: (dryRun: boolean, base?: number | null) => ReturnType<SpecActions["adopt"]>) {
  const [preview, setPreview] = useState<EditPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const [pending, start] = useTransition();
  return {
    preview,
    error,
    saved,
    pending,
    ask: () =>
      start(async () => {
        setError(null);
        const r = await run(true);
        if (r.ok) setPreview(r.value);
        else setError(r.error);
      }),
    save: () =>
      start(async () => {
        const r = await run(false, preview?.baseVersion ?? null);
        setPreview(null);
        if (r.ok) setSaved(r.value.version);
        else setError(r.error);
      }),
    cancel: () => setPreview(null),
  };
}

function Preview({ p, label, testId }: { p: ReturnType<typeof usePreviewed>; label: string; testId: string }) {
  return (
    <>
      {p.preview && (
        <div className="mt-2 space-y-2" data-testid={`${testId}-preview`}>
          <SpecDiffView lines={p.preview.lines} summary={`New spec version ${p.preview.version}: ${p.preview.summary}`} />
          <div className="flex gap-2">
            <button type="button" className={confirmBtn} onClick={p.save} disabled={p.pending} data-testid={`${testId}-confirm`}>
              {label}
            </button>
            <button type="button" className={small} onClick={p.cancel}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {p.saved !== null && (
        <p className="mt-1 text-xs text-emerald-700" role="status" data-testid={`${testId}-saved`}>
          Saved as spec version {p.saved}.
        </p>
      )}
      {p.error && (
        <p className="mt-1 text-xs text-red-700" role="alert">
          {p.error}
        </p>
      )}
    </>
  );
}

/** "Accept into spec" and "Waive…" for one drift item of the host page. */
export function DriftItemActions({ item, actions }: { item: DriftItem; actions: HostSpecActions }) {
  const ref = { kind: item.kind, subject: item.subject };
  const adopt = usePreviewed((dryRun, baseVersion) => actions.adopt({ fleet: actions.fleet, hostname: actions.hostname, items: [ref], dryRun, baseVersion }));
  const [waiving, setWaiving] = useState(false);
  const [reason, setReason] = useState("");
  const [until, setUntil] = useState("");
  const waive = usePreviewed((dryRun, baseVersion) => actions.waive({ fleet: actions.fleet, ...ref, reason, until: until || null, dryRun, baseVersion }));
  return (
    <div data-testid="drift-item-actions">
      <div className="mt-1 flex gap-1.5">
        <button type="button" className={small} onClick={adopt.ask} disabled={adopt.pending} data-testid="accept-item" title="A new spec version taking this host's value">
          Accept into spec
        </button>
        <button type="button" className={small} onClick={() => setWaiving((w) => !w)} data-testid="waive-item" aria-expanded={waiving}>
          Waive…
        </button>
      </div>
      <Preview p={adopt} label="Save new version" testId="accept" />
      {waiving && waive.saved === null && (
        <div role="dialog" aria-label={`Waive ${item.subject}`} className="mt-2 space-y-2 rounded-md border border-slate-200 bg-slate-50 p-2" data-testid="waive-dialog">
          <label className="block text-xs text-slate-700">
            Reason (required)
            <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} className="mt-0.5 block w-full rounded border border-slate-300 px-2 py-1 text-sm" data-testid="waive-reason" />
          </label>
          <label className="block text-xs text-slate-700">
            Until (last day, optional)
            <input type="date" min={today()} value={until} onChange={(e) => setUntil(e.target.value)} className="mt-0.5 block rounded border border-slate-300 px-2 py-1 text-sm" data-testid="waive-until" />
          </label>
          {!waive.preview && (
            <button type="button" className={small} onClick={waive.ask} disabled={waive.pending || !reason.trim()} data-testid="waive-preview">
              Preview
            </button>
          )}
        </div>
      )}
      <Preview p={waive} label="Waive" testId="waive" />
    </div>
  );
}

/** "Accept all into spec": every drift item of the host, previewed first. */
export function AcceptAllButton({ actions }: { actions: HostSpecActions }) {
  const all = usePreviewed((dryRun, baseVersion) => actions.adopt({ fleet: actions.fleet, hostname: actions.hostname, dryRun, baseVersion }));
  return (
    <div data-testid="accept-all-box">
      <button type="button" className={small} onClick={all.ask} disabled={all.pending} data-testid="accept-all">
        Accept all into spec
      </button>
      <Preview p={all} label="Save new version" testId="accept-all" />
    </div>
  );
}

"use client";

// Preview first, then save: the spec edits of the host page and of the fleet-wide drift table share this.
import { useState, useTransition } from "react";
import { SpecDiffView } from "./spec-diff-view";
import type { EditPreview, SpecActionResult } from "./types";

export const small = "rounded border border-slate-300 bg-white px-1.5 py-0.5 text-xs text-slate-700 hover:bg-slate-50 disabled:opacity-50";
const confirmBtn = "rounded-md bg-blue-600 px-3 py-1 text-xs font-medium text-white hover:bg-blue-700 disabled:opacity-50";
export const today = () => new Date().toISOString().slice(0, 10);

/**
 * Preview first, then save: every change shows the new spec version's diff before it is made, and the save names
 * the version previewed (a spec that moved meanwhile is a conflict, shown here).
 */
export function usePreviewed(run: (dryRun: boolean, base?: number | null) => Promise<SpecActionResult>) {
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

export function Preview({ p, label, testId }: { p: ReturnType<typeof usePreviewed>; label: string; testId: string }) {
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


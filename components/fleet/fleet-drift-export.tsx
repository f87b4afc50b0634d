"use client";

import { useRef, useState } from "react";
import type { FleetDriftQuery } from "@/lib/core/fleet-drift";
import { formatBytes, streamedDownload } from "@/components/export/streamed-download";

/** The API URL of the CSV of every item matching the table's filters, in its order. */
function fleetDriftExportHref(fleet: string, q: FleetDriftQuery): string {
  const p = new URLSearchParams({ format: "csv", sort: q.sort, dir: q.dir });
  if (q.kind) p.set("kind", q.kind);
  if (q.direction) p.set("direction", q.direction);
  if (q.q) p.set("q", q.q);
  return `/api/v1/fleets/${encodeURIComponent(fleet)}/drift?${p}`;
}

/** Export CSV with the bytes received so far while the server streams (a large fleet takes a while), and cancel. */
export function FleetDriftExport({ fleet, query, disabled }: { fleet: string; query: FleetDriftQuery; disabled: boolean }) {
  const [state, setState] = useState<{ phase: "idle" } | { phase: "running"; bytes: number } | { phase: "done"; filename: string } | { phase: "failed"; error: string }>({ phase: "idle" });
  const ctl = useRef<AbortController | null>(null);
  const start = async () => {
    ctl.current = new AbortController();
    setState({ phase: "running", bytes: 0 });
    try {
      const r = await streamedDownload(fleetDriftExportHref(fleet, query), ctl.current.signal, (p) => setState({ phase: "running", bytes: p.bytes }));
      setState({ phase: "done", filename: r.filename });
    } catch (e) {
      setState(ctl.current?.signal.aborted ? { phase: "idle" } : { phase: "failed", error: e instanceof Error ? e.message : String(e) });
    }
  };
  const btn = "rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-40";
  return (
    <span className="flex items-center gap-2">
      {state.phase === "running" ? (
        <>
          <span role="status" className="text-xs text-slate-500" data-testid="drift-export-progress">Exporting… {formatBytes(state.bytes)}</span>
          <button type="button" className={btn} onClick={() => ctl.current?.abort()}>Cancel</button>
        </>
      ) : (
        <button type="button" className={btn} disabled={disabled} onClick={start} data-testid="drift-export" title="Every item matching the filters, all values, as CSV">
          Export CSV
        </button>
      )}
      {state.phase === "done" && <span role="status" className="text-xs text-emerald-700" data-testid="drift-export-done">Saved {state.filename}</span>}
      {state.phase === "failed" && <span role="alert" className="text-xs text-red-700">{state.error}</span>}
    </span>
  );
}

"use client";

import type { FleetDriftQuery } from "@/lib/core/fleet-drift";
import { formatBytes } from "@/components/export/streamed-download";
import { useStreamedDownload } from "@/components/export/use-streamed-download";

/** The API URL of the CSV of every item matching the table's filters, in its order. */
function fleetDriftExportHref(fleet: string, q: FleetDriftQuery): string {
  const p = new URLSearchParams({ format: "csv", sort: q.sort, dir: q.dir });
  if (q.kind) p.set("kind", q.kind);
  if (q.direction) p.set("direction", q.direction);
  if (q.q) p.set("q", q.q);
  return `/api/v1/fleets/${encodeURIComponent(fleet)}/drift?${p}`;
}

/** Export CSV with the bytes received so far while the server streams (a large fleet takes a while), and cancel; leaving the page cancels it too. */
export function FleetDriftExport({ fleet, query, disabled }: { fleet: string; query: FleetDriftQuery; disabled: boolean }) {
  const { state, start, cancel } = useStreamedDownload<"csv">();
  const btn = "rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-40";
  return (
    <span className="flex items-center gap-2">
      {state.phase === "running" ? (
        <>
          <span role="status" className="text-xs text-slate-500" data-testid="drift-export-progress">Exporting… {formatBytes(state.progress?.bytes ?? 0)}</span>
          <button type="button" className={btn} onClick={cancel}>Cancel</button>
        </>
      ) : (
        <button type="button" className={btn} disabled={disabled} onClick={() => void start(fleetDriftExportHref(fleet, query), "csv")} data-testid="drift-export" title="Every item matching the filters, all values, as CSV">
          Export CSV
        </button>
      )}
      {state.phase === "done" && <span role="status" className="text-xs text-emerald-700" data-testid="drift-export-done">Saved {state.filename}</span>}
      {state.phase === "failed" && <span role="alert" className="text-xs text-red-700">{state.message}</span>}
    </span>
  );
}

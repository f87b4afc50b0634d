"use client";

import { exportHref, type ExportFormat } from "@/lib/core/drift-export";
import type { ReportingStatus } from "@/lib/core/reporting";
import type { HostSource } from "@/lib/core/host-source";
import { formatBytes } from "./streamed-download";
import { useStreamedDownload, type DownloadState } from "./use-streamed-download";
import { useDismissable } from "@/components/ui/use-dismissable";

export interface ExportFilters {
  fleet?: string;
  drifted?: boolean;
  snowflake?: boolean;
  q?: string;
  reporting?: ReportingStatus;
  source?: HostSource;
}

const FORMATS: { format: ExportFormat; label: string; hint: string }[] = [
  { format: "csv", label: "CSV", hint: "One row per drift item, for spreadsheets" },
  { format: "json", label: "JSON", hint: "The same data, typed, with spec versions and fingerprints" },
  { format: "md", label: "Markdown report", hint: "Scorecard, charts, snowflakes and every drifted host" },
  { format: "pdf", label: "PDF report", hint: "The report, ready to print or attach" },
];

type State = DownloadState<ExportFormat>;

/**
 * Exports what the host list shows. Each entry is a real link to the API (it works without JavaScript and can
 * be copied); a click streams it here instead, so a 10,000-host export shows its progress and can be cancelled.
 */
export function ExportMenu({ filters, disabled = false, label = "Export" }: { filters: ExportFilters; disabled?: boolean; label?: string }) {
  const { open, setOpen, ref } = useDismissable();
  const { state, start, cancel } = useStreamedDownload<ExportFormat>();

  function run(format: ExportFormat) {
    setOpen(false);
    void start(exportHref(filters, format), format);
  }

  const running = state.phase === "running";
  return (
    <div ref={ref} className="relative inline-flex items-center gap-2">
      <button
        type="button"
        onClick={() => setOpen(!open)}
        disabled={disabled || running}
        aria-expanded={open}
        aria-haspopup="menu"
        className="font-medium text-blue-700 hover:underline disabled:text-slate-400 disabled:no-underline"
        data-testid="export-menu"
      >
        {label} ▾
      </button>
      {open && (
        <div role="menu" className="absolute right-0 top-full z-20 mt-1 w-72 rounded-md border border-slate-200 bg-white py-1 shadow-lg">
          {FORMATS.map((f) => (
            <a
              key={f.format}
              role="menuitem"
              href={exportHref(filters, f.format)}
              download
              onClick={(e) => {
                e.preventDefault();
                void run(f.format);
              }}
              className="block px-3 py-2 hover:bg-slate-100"
              data-testid={`export-${f.format}`}
            >
              <span className="block text-sm font-medium text-slate-800">{f.label}</span>
              <span className="block text-xs text-slate-500">{f.hint}</span>
            </a>
          ))}
        </div>
      )}
      <ExportStatus state={state} onCancel={cancel} />
    </div>
  );
}

function ExportStatus({ state, onCancel }: { state: State; onCancel: () => void }) {
  if (state.phase === "idle") return null;
  if (state.phase === "failed") {
    return (
      <span role="alert" className="text-xs text-red-700" data-testid="export-error">
        {state.message}
      </span>
    );
  }
  if (state.phase === "done") {
    return (
      <span className="text-xs text-emerald-700" data-testid="export-done" title={state.filename}>
        Saved · {formatBytes(state.bytes)}
      </span>
    );
  }
  const p = state.progress;
  return (
    <span className="flex items-center gap-2 text-xs text-slate-600" role="status" data-testid="export-progress">
      {/* No Content-Length on a stream: the bar moves while bytes arrive, the text says how many. */}
      <span className="h-1.5 w-16 animate-pulse rounded-full bg-blue-500" aria-hidden />
      <span data-testid="export-bytes">
        {state.format.toUpperCase()}: {p ? formatBytes(p.bytes) : "starting…"}
        {p?.totalHosts !== null && p?.totalHosts !== undefined ? ` · ${p.totalHosts.toLocaleString("en")} hosts` : ""}
      </span>
      <button type="button" onClick={onCancel} className="text-blue-700 hover:underline" data-testid="export-cancel">
        Cancel
      </button>
    </span>
  );
}

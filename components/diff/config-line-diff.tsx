"use client";

// The line diff of one changed config file (GET /api/v1/hosts/{hostname}/configs/diff): a one-line summary of the
// changed settings ("memory_limit = 128M → 1G"), expanding to unified hunks. When the server never received a
// side's content, the line says so instead. `eager` loads at once (the host page's few config items); otherwise a
// button loads it (the diff page may list hundreds of files).
import { useState } from "react";
import { useConfigDiff } from "@/lib/client/queries";
import type { Hunk } from "@/lib/core/line-diff";

export function ConfigLineDiff({ hostname, fleet, path, against = "spec", eager = false }: { hostname: string; fleet: string; path: string; against?: string; eager?: boolean }) {
  const [wanted, setWanted] = useState(eager);
  const { data, error, isPending } = useConfigDiff({ fleet, hostname, path, against }, wanted);
  if (!wanted) {
    return (
      <button type="button" onClick={() => setWanted(true)} className="text-xs text-blue-700 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600" data-testid="config-diff-load">
        Show line diff
      </button>
    );
  }
  if (isPending) return <p className="text-xs text-slate-500" aria-busy="true" data-testid="config-diff-loading">Loading the line diff…</p>;
  if (error) return <p className="text-xs text-red-700" role="alert">Line diff unavailable: {error.message}</p>;
  const against_ = data.reference ? `${data.reference.label} → ${data.host.label}` : data.host.label;
  if (!data.diff || data.diff.kind !== "diff") {
    return (
      <p className="text-xs text-slate-600" data-testid="config-diff-summary" data-state={data.diff?.kind ?? "none"}>
        <span className="text-slate-500">{against_}: </span>
        {data.summary}
      </p>
    );
  }
  return (
    <details className="group mt-0.5" data-testid="config-line-diff">
      <summary className="cursor-pointer select-none text-xs text-slate-700 focus-visible:outline-2 focus-visible:outline-blue-600">
        <span className="font-mono font-medium text-slate-900" data-testid="config-diff-summary">{data.summary}</span>
        <span className="ml-2 text-slate-500">
          {against_} · <span className="text-emerald-700">+{data.diff.added}</span> <span className="text-red-700">−{data.diff.removed}</span>
        </span>
        <span className="ml-2 text-blue-700 group-open:hidden">show lines</span>
      </summary>
      <div className="mt-1 overflow-x-auto rounded border border-slate-200 bg-slate-50 font-mono text-xs" data-testid="config-diff-hunks">
        {data.diff.hunks.map((h) => (
          <HunkView key={`${h.oldStart}:${h.newStart}`} hunk={h} />
        ))}
      </div>
    </details>
  );
}

const LINE_STYLE = { " ": "text-slate-700", "-": "bg-red-50 text-red-800", "+": "bg-emerald-50 text-emerald-800" } as const;

function HunkView({ hunk }: { hunk: Hunk }) {
  return (
    <div>
      <div className="bg-slate-100 px-2 text-slate-500">{`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`}</div>
      {hunk.lines.map((l, i) => (
        <div key={i} className={`whitespace-pre px-2 ${LINE_STYLE[l.op]}`} data-op={l.op}>
          <span aria-hidden className="select-none pr-2 text-slate-400">{l.op === " " ? " " : l.op === "-" ? "−" : "+"}</span>
          <span className="sr-only">{l.op === "-" ? "removed: " : l.op === "+" ? "added: " : ""}</span>
          {l.text}
        </div>
      ))}
    </div>
  );
}

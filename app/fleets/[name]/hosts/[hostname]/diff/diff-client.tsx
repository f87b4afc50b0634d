"use client";

import { useMemo, useState } from "react";
import { usePathname, useRouter } from "next/navigation";
import { filterDiffRows, isSameStatus } from "@/lib/core/diff-filter";
import { DiffTable, STATUS_HINT, statusStyle, type DiffRowView } from "@/components/diff/diff-table";
import { ConfigLineDiff } from "@/components/diff/config-line-diff";
import { DiffExportLinks } from "@/components/diff/diff-export-links";
import { HistoryPicker, type PickerPoint } from "@/components/diff/history-picker";
import { HostCombobox } from "@/components/diff/host-combobox";

interface Props {
  host: { hostname: string; fleet: string };
  /** against: "spec" | "host:<name>"; or two history points. */
  target: { against: string } | { from: string; to: string };
  leftLabel: string;
  rightLabel: string;
  rows: DiffRowView[];
  /** Left to right: "3 packages upgraded, 1 added, 2 configs changed". */
  summary: string;
  history: { action: string; points: PickerPoint[]; from: string; to: string };
  initial: { all: boolean; status: string; q: string };
}

const RENDER_CAP = 3000;

// Changing what to compare against needs new server data (router.push); the difference toggle, status chips
// and text filter only re-slice rows already here (replaceState keeps them in the URL), and the export links
// follow them, so a download holds the rows on screen.
export function DiffClient({ host, target, leftLabel, rightLabel, rows, summary, history, initial }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const [showAll, setShowAll] = useState(initial.all);
  const [status, setStatus] = useState(initial.status);
  const [text, setText] = useState(initial.q);
  const against = "against" in target ? target.against : "history";
  // A changed config against the spec or another host: its line diff, loaded on demand (lib/services/diff-config).
  const lineDiff = (r: DiffRowView) =>
    "against" in target && r.section === "config" && r.status === "differs" ? <ConfigLineDiff hostname={host.hostname} fleet={host.fleet} path={r.key} against={target.against} /> : null;
  const pts = history.points;
  // Entering history mode compares the last change: the point before the current one, and the current one.
  const historyHref = pts.length >= 2 ? `${pathname}?from=${pts[pts.length - 2].hash}&to=${pts[pts.length - 1].hash}` : pathname;

  const setParam = (patch: { all?: boolean; status?: string; q?: string }) => {
    if (patch.all !== undefined) setShowAll(patch.all);
    if (patch.status !== undefined) setStatus(patch.status);
    if (patch.q !== undefined) setText(patch.q);
    const p = new URLSearchParams(window.location.search);
    const set = (k: string, v: string) => (v ? p.set(k, v) : p.delete(k));
    if (patch.all !== undefined) set("all", patch.all ? "1" : "");
    if (patch.status !== undefined) set("status", patch.status);
    if (patch.q !== undefined) set("q", patch.q);
    window.history.replaceState(null, "", `${pathname}?${p.toString()}`);
  };

  const counts = useMemo(() => {
    const m = new Map<string, number>();
    for (const r of rows) m.set(r.status, (m.get(r.status) ?? 0) + 1);
    return [...m.entries()].sort((a, b) => Number(isSameStatus(a[0])) - Number(isSameStatus(b[0])) || b[1] - a[1]);
  }, [rows]);
  const differing = rows.filter((r) => !isSameStatus(r.status)).length;
  const filter = { all: showAll, status, q: text };
  const shown = useMemo(() => filterDiffRows(rows, { all: showAll, status, q: text }), [rows, showAll, status, text]);

  return (
    <div>
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-100 px-3 py-2.5">
        <label className="flex items-center gap-2 text-sm">
          <span className="text-slate-600">Compare {host.hostname} with</span>
          <select
            value={against}
            onChange={(e) => router.push(e.target.value === "history" ? historyHref : `${pathname}?against=${encodeURIComponent(e.target.value)}`)}
            className="max-w-56 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
            data-testid="against-picker"
          >
            <option value="spec">the fleet spec</option>
            {(against === "history" || history.points.length >= 2) && <option value="history">its fingerprint history</option>}
            {against.startsWith("host:") && <option value={against}>host {against.slice(5)}</option>}
          </select>
        </label>
        <HostCombobox exclude={{ hostname: host.hostname, fleet: host.fleet }} onPick={(h) => router.push(`${pathname}?against=${encodeURIComponent(`host:${h.hostname}@${h.fleet}`)}`)} />
        <label className="flex cursor-pointer items-center gap-1.5 text-sm">
          <input type="checkbox" checked={!showAll} onChange={(e) => setParam({ all: !e.target.checked })} data-testid="only-differences" />
          Show only differences
        </label>
        <input
          type="search"
          value={text}
          onChange={(e) => setParam({ q: e.target.value })}
          placeholder="Filter keys…"
          className="min-w-0 flex-1 rounded-md border border-slate-300 px-2.5 py-1.5 text-sm sm:max-w-56"
          data-testid="diff-filter"
        />
        <span className="ml-auto">
          <DiffExportLinks host={host} target={target} filter={filter} />
        </span>
      </div>
      {/* From/to pickers belong to history mode only: against the spec or a host they would not apply. */}
      {against === "history" && (
        <div className="border-b border-slate-100 px-3 py-2.5">
          <HistoryPicker action={history.action} points={history.points} from={history.from} to={history.to} />
        </div>
      )}
      <p className="border-b border-slate-100 px-3 py-2 text-sm text-slate-700" data-testid="diff-summary">
        <span className="text-slate-500">From {leftLabel} to {rightLabel}:</span> <span className="font-medium">{summary}</span>
      </p>
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-100 px-3 py-2 text-xs" data-testid="status-counts">
        <span className="text-slate-500">{differing} of {rows.length} rows differ:</span>
        {counts.map(([s, n]) => (
          <button
            key={s}
            type="button"
            onClick={() => setParam({ status: status === s ? "" : s, ...(isSameStatus(s) ? { all: true } : {}) })}
            className={`rounded px-2 py-0.5 font-medium ${statusStyle(s)} ${status === s ? "ring-2 ring-slate-400" : ""}`}
            aria-pressed={status === s}
            title={STATUS_HINT[s]}
          >
            {s} <span className="tabular-nums">{n}</span>
          </button>
        ))}
      </div>
      {shown.length === 0 ? (
        <p className="px-3 py-10 text-center text-sm text-slate-500" data-testid="diff-empty">
          {differing === 0 ? `No difference: ${leftLabel} and ${rightLabel} match on every compared key.` : "No row matches the filters."}
        </p>
      ) : (
        <>
          <DiffTable rows={shown.slice(0, RENDER_CAP)} leftLabel={leftLabel} rightLabel={rightLabel} detail={lineDiff} />
          {shown.length > RENDER_CAP && (
            <p className="px-3 py-2 text-xs text-slate-500">Showing the first {RENDER_CAP} of {shown.length} rows; filter to narrow down.</p>
          )}
        </>
      )}
    </div>
  );
}

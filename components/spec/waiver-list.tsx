"use client";

import { useState } from "react";
import { formatDate } from "@/components/format";
import { Badge } from "@/components/ui/badge";
import { csvRecord, csvText, UTF8_BOM } from "@/lib/core/csv";
import { SpecDiffView } from "./spec-diff-view";
import type { SpecActionResult } from "./types";
import { usePreviewed } from "./use-previewed";

export interface WaiverView {
  path?: string;
  package?: string;
  reason: string;
  until?: string;
  by?: string;
  status: "active" | "expired";
}

type Revoke = (input: { fleet: string; path?: string; package?: string; baseVersion?: number | null; dryRun: boolean }) => Promise<SpecActionResult>;

/** The current spec's waivers, active or expired; "Revoke" shows the new version's diff, then saves it. */
export function WaiverList({ fleet, waivers, canEdit, revoke }: { fleet: string; waivers: WaiverView[]; canEdit: boolean; revoke: Revoke }) {
  const [q, setQ] = useState("");
  const [status, setStatus] = useState<"" | "active" | "expired">("");
  const shown = waivers.filter((w) => (!status || w.status === status) && `${w.package ?? w.path} ${w.reason} ${w.by ?? ""}`.toLowerCase().includes(q.trim().toLowerCase()));
  if (waivers.length === 0) return <p className="text-sm text-slate-500" data-testid="no-waivers">No waivers. Waive a drift item from a host page, or add a mapping to the spec&apos;s ignore list.</p>;
  // Through lib/core/csv like every export: a reason or path starting with "=" must not run as a formula.
  const csv = UTF8_BOM + [["target", "kind", "reason", "until", "by", "status"], ...shown.map((w) => [w.package ?? w.path, w.package !== undefined ? "package" : "path", w.reason, w.until, w.by, w.status])]
    .map((cells) => csvRecord(cells.map((v) => csvText(v))))
    .join("");
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Filter waivers…" className="rounded-md border border-slate-300 px-2.5 py-1 text-sm" aria-label="Filter waivers" />
        <select value={status} onChange={(e) => setStatus(e.target.value as typeof status)} className="rounded-md border border-slate-300 px-2 py-1 text-sm" aria-label="Waiver status">
          <option value="">active and expired</option>
          <option value="active">active</option>
          <option value="expired">expired</option>
        </select>
        <a href={`data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`} download={`${fleet}-waivers.csv`} className="text-xs text-blue-700 hover:underline">
          Export CSV
        </a>
      </div>
      <ul className="divide-y divide-slate-100 rounded-md border border-slate-200" data-testid="waiver-list">
        {shown.map((w) => (
          <WaiverRow key={`${w.package ?? ""}|${w.path ?? ""}`} fleet={fleet} w={w} canEdit={canEdit} revoke={revoke} />
        ))}
      </ul>
    </div>
  );
}

function WaiverRow({ fleet, w, canEdit, revoke }: { fleet: string; w: WaiverView; canEdit: boolean; revoke: Revoke }) {
  const target = w.package !== undefined ? { package: w.package } : { path: w.path };
  const p = usePreviewed((dryRun, baseVersion) => revoke({ fleet, ...target, baseVersion, dryRun }));
  const done = p.saved !== null;
  return (
    <li className="space-y-1 px-3 py-2 text-sm" data-testid="waiver">
      <div className="flex flex-wrap items-baseline gap-x-3">
        <span className="text-xs text-slate-500">{w.package !== undefined ? "package" : "path"}</span>
        <span className="break-all font-mono text-[13px] font-medium text-slate-900" data-testid="waiver-target">
          {w.package ?? w.path}
        </span>
        <Badge tone={w.status === "active" ? "green" : "amber"}>{w.status}</Badge>
        <span className="text-slate-700" data-testid="waiver-reason">
          {w.reason}
        </span>
        <span className="text-xs text-slate-500">{w.until ? `until ${formatDate(`${w.until}T00:00:00Z`)} (last day)` : "no expiry"}</span>
        {w.by && <span className="text-xs text-slate-500">by {w.by}</span>}
        {canEdit && !done && !p.preview && (
          <button type="button" onClick={p.ask} disabled={p.pending} className="ml-auto rounded-md border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-50" data-testid="waiver-revoke">
            Revoke
          </button>
        )}
        {done && <span className="ml-auto text-xs text-emerald-700" data-testid="waiver-revoked">revoked: a new spec version was saved</span>}
      </div>
      {p.preview && (
        <div className="space-y-2">
          <SpecDiffView lines={p.preview.lines} summary={`New version ${p.preview.version}: ${p.preview.summary}`} />
          <div className="flex gap-2">
            <button type="button" onClick={p.save} disabled={p.pending} className="rounded-md bg-red-600 px-3 py-1 text-xs font-medium text-white hover:bg-red-700" data-testid="waiver-revoke-confirm">
              Revoke waiver
            </button>
            <button type="button" onClick={p.cancel} className="rounded-md border border-slate-300 px-3 py-1 text-xs">
              Cancel
            </button>
          </div>
        </div>
      )}
      {p.error && (
        <p role="alert" className="text-xs text-red-700">
          {p.error}
        </p>
      )}
    </li>
  );
}

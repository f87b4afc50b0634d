"use client";

import Link from "next/link";
import { useState } from "react";
import { DRIFT_KINDS } from "@/lib/core/drift";
import {
  defaultFleetDriftDir,
  FLEET_PAGE_DRIFT_ROWS,
  itemParam,
  withFleetDriftQuery,
  type FleetDriftQuery,
  type FleetDriftRow,
  type FleetDriftSort,
} from "@/lib/core/fleet-drift";
import { DirectionBadge } from "@/components/host/drift-list";
import { DRIFT_KIND_LABEL, shortValue } from "@/components/host/labels";
import { formatDate, formatDateTime } from "@/components/format";
import { Pager } from "./pager";
import { DriftValuesBar } from "./drift-values-bar";
import { FleetDriftBulkBar, type FleetDriftBulkAction } from "./fleet-drift-bulk-bar";
import { FleetDriftExport } from "./fleet-drift-export";
import { useTypingPause, useUrlQuery } from "./use-url-query";

interface Props {
  fleet: string;
  /** One page of grouped items, as the server queried them for `query`. */
  items: FleetDriftRow[];
  total: number;
  /** Hosts with at least one matching item. */
  hosts: number;
  specVersion: number | null;
  query: FleetDriftQuery;
  /** Bulk actions on the selected items; none: no checkboxes. */
  actions?: FleetDriftBulkAction[];
}

const SORTABLE: { key: FleetDriftSort; label: string; numeric?: boolean; title?: string }[] = [
  { key: "subject", label: "Item" },
  { key: "kind", label: "Kind" },
  { key: "hosts", label: "Hosts", numeric: true },
  { key: "firstSeen", label: "First seen", title: "The earliest report with which a host still carrying the item took on its current content" },
];

function driftSearch(next: FleetDriftQuery, current: string): string {
  const qs = withFleetDriftQuery(new URLSearchParams(current), next).toString();
  return qs ? `?${qs}` : "";
}

// The fleet's drift grouped by item. Filters, sort and page live in the URL (prefixed keys beside the hosts
// table's); the server queries one page and this component writes changes back, dimming until they arrive.
export function FleetDriftTable({ fleet, items, total, hosts, specVersion, query, actions = [] }: Props) {
  const { shown, pending, update } = useUrlQuery(query, driftSearch);
  const [text, setText] = useState(query.q);
  const [selected, setSelected] = useState<Map<string, FleetDriftRow>>(() => new Map());
  useTypingPause(text, (q) => {
    if (q !== shown.q) update({ q });
  });

  const toggle = (rows: FleetDriftRow[], on: boolean) => {
    const next = new Map(selected);
    for (const r of rows) if (on) next.set(itemParam(r.kind, r.subject), r); else next.delete(itemParam(r.kind, r.subject));
    setSelected(next);
  };
  const onSort = (key: FleetDriftSort) => update({ sort: key, dir: key === shown.sort ? (shown.dir === "asc" ? "desc" : "asc") : defaultFleetDriftDir(key) });
  const selectable = actions.length > 0;
  const allOn = selectable && items.length > 0 && items.every((r) => selected.has(itemParam(r.kind, r.subject)));
  const field = "rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm focus:border-blue-500 focus:outline-none focus:ring-2 focus:ring-blue-100";
  const hostsHref = (r: FleetDriftRow) => `/fleets/${encodeURIComponent(fleet)}?${new URLSearchParams({ item: itemParam(r.kind, r.subject) })}`;

  if (specVersion === null) return <p className="px-4 py-6 text-sm text-slate-500" data-testid="fleet-drift-no-spec">No spec yet: drift is measured against the fleet&apos;s spec. Capture one from a golden host.</p>;
  return (
    <div data-testid="fleet-drift">
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-100 px-3 py-2.5">
        <label className="min-w-0 basis-full sm:max-w-xs sm:flex-1 sm:basis-auto">
          <span className="sr-only">Filter by package or path</span>
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Filter package or path…" className={`w-full ${field}`} data-testid="drift-filter-q" />
        </label>
        <label className="text-sm text-slate-600">
          <span className="sr-only">Kind</span>
          <select value={shown.kind ?? ""} onChange={(e) => update({ kind: DRIFT_KINDS.find((k) => k === e.target.value) ?? null })} className={field} data-testid="drift-filter-kind">
            <option value="">Any kind</option>
            {DRIFT_KINDS.map((k) => <option key={k} value={k}>{DRIFT_KIND_LABEL[k]}</option>)}
          </select>
        </label>
        <label className="text-sm text-slate-600">
          <span className="sr-only">Direction</span>
          <select value={shown.direction ?? ""} onChange={(e) => update({ direction: e.target.value === "behind" || e.target.value === "ahead" ? e.target.value : null })} className={field} data-testid="drift-filter-direction">
            <option value="">Any direction</option>
            <option value="behind">Behind the spec</option>
            <option value="ahead">Ahead of the spec</option>
          </select>
        </label>
        <span className="ml-auto flex items-center gap-3 text-sm text-slate-600">
          {pending && <span role="status" className="text-xs text-slate-500">Loading…</span>}
          <span data-testid="drift-item-count">{total.toLocaleString("en")} item{total === 1 ? "" : "s"} on {hosts.toLocaleString("en")} host{hosts === 1 ? "" : "s"}</span>
          <FleetDriftExport fleet={fleet} query={shown} disabled={total === 0} />
        </span>
      </div>
      {selectable && <FleetDriftBulkBar fleet={fleet} selected={[...selected.values()]} actions={actions} onClear={() => setSelected(new Map())} />}
      <div className={`overflow-x-auto transition-opacity ${pending ? "opacity-50" : ""}`} aria-busy={pending}>
        {items.length === 0 ? (
          <p className="px-3 py-10 text-center text-sm text-slate-500" data-testid="drift-no-match">
            {shown.kind || shown.direction || shown.q ? "No drift item matches these filters." : "No drift: every host that reported matches the current spec."}
          </p>
        ) : (
          <table className="w-full min-w-[860px] text-sm" data-testid="fleet-drift-table">
            <thead className="border-b border-slate-200 bg-slate-50 text-left text-xs text-slate-600">
              <tr>
                {selectable && (
                  <th scope="col" className="w-8 px-3 py-2">
                    <input type="checkbox" aria-label="Select the items shown" checked={allOn} onChange={(e) => toggle(items, e.target.checked)} className="accent-blue-600" data-testid="drift-select-all" />
                  </th>
                )}
                {SORTABLE.slice(0, 2).map((c) => <SortHeader key={c.key} sortKey={c.key} label={c.label} numeric={c.numeric} title={c.title} sort={shown.sort} dir={shown.dir} onSort={onSort} />)}
                <th scope="col" className="px-3 py-2 font-medium">Expected</th>
                <th scope="col" className="px-3 py-2 font-medium">Values seen</th>
                <th scope="col" className="px-3 py-2 font-medium">Direction</th>
                {SORTABLE.slice(2).map((c) => <SortHeader key={c.key} sortKey={c.key} label={c.label} numeric={c.numeric} title={c.title} sort={shown.sort} dir={shown.dir} onSort={onSort} />)}
              </tr>
            </thead>
            {/* Each cell's padding and alignment set once here: a page holds dozens of rows of eight cells. */}
            <tbody className="divide-y divide-slate-100 [&>tr>td]:px-3 [&>tr>td]:py-1.5 [&>tr>td]:align-top">
              {items.map((r) => {
                const id = itemParam(r.kind, r.subject);
                return (
                  <tr key={id} className={selected.has(id) ? "bg-blue-50/60" : "hover:bg-slate-50"} data-testid="drift-item-row" data-item={id}>
                    {selectable && (
                      <td className="w-8">
                        <input type="checkbox" aria-label={`Select ${r.subject}`} checked={selected.has(id)} onChange={(e) => toggle([r], e.target.checked)} className="accent-blue-600" data-testid="drift-select-item" />
                      </td>
                    )}
                    <td className="break-all font-mono text-[13px] font-medium text-slate-900" data-testid="drift-subject">{r.subject}</td>
                    <td className="whitespace-nowrap text-slate-600" data-testid="drift-kind">{DRIFT_KIND_LABEL[r.kind]}</td>
                    <td className="font-mono text-xs text-emerald-700" title={r.expected ?? undefined}>{r.expected === null ? "—" : shortValue(r.expected)}</td>
                    <td><DriftValuesBar row={r} /></td>
                    <td>
                      <div className="flex flex-col items-start gap-1 text-xs text-slate-600">
                        {r.ahead > 0 && <span className="flex items-center gap-1 whitespace-nowrap"><DirectionBadge direction="ahead" /> {r.ahead}</span>}
                        {r.behind > 0 && <span className="flex items-center gap-1 whitespace-nowrap"><DirectionBadge direction="behind" /> {r.behind}</span>}
                      </div>
                    </td>
                    <td className="whitespace-nowrap text-right tabular-nums">
                      <Link href={hostsHref(r)} className="font-semibold text-blue-700 hover:underline" data-testid="drift-hosts-link" title={`${r.fingerprints} distinct fingerprint${r.fingerprints === 1 ? "" : "s"}`}>
                        {r.hosts.toLocaleString("en")} host{r.hosts === 1 ? "" : "s"}
                      </Link>
                    </td>
                    <td className="whitespace-nowrap text-slate-600" title={formatDateTime(r.firstSeen)}>
                      {formatDate(r.firstSeen)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <Pager page={shown.page} pages={Math.max(1, Math.ceil(total / FLEET_PAGE_DRIFT_ROWS))} total={total} pageSize={FLEET_PAGE_DRIFT_ROWS} onPage={(p) => update({ page: p })} />
      </div>
    </div>
  );
}

function SortHeader({ sortKey: k, label, numeric, title, sort, dir, onSort }: { sortKey: FleetDriftSort; label: string; numeric?: boolean; title?: string; sort: FleetDriftSort; dir: "asc" | "desc"; onSort: (k: FleetDriftSort) => void }) {
  const active = k === sort;
  return (
    <th scope="col" title={title} aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : "none"} className={`px-3 py-2 font-medium ${numeric ? "text-right" : ""}`}>
      <button type="button" onClick={() => onSort(k)} data-testid={`drift-sort-${k}`} className={`inline-flex items-center gap-1 hover:text-slate-900 ${active ? "text-slate-900" : ""}`}>
        {label}
        <span aria-hidden className={`text-[10px] ${active ? "" : "opacity-0"}`}>{dir === "asc" ? "▲" : "▼"}</span>
      </button>
    </th>
  );
}

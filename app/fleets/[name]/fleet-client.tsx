"use client";

import { useState } from "react";
import type { HostRow } from "@/lib/services/list-hosts";
import { HostsTable } from "@/components/fleet/hosts-table";
import { NotReportingToggle } from "@/components/fleet/not-reporting-toggle";
import { SourceSelect } from "@/components/fleet/source-select";
import { Pager } from "@/components/fleet/pager";
import { ExportMenu } from "@/components/export/export-menu";
import { HostSelectionBar } from "@/components/rebuilds/host-selection-bar";
import { ItemFilterChip } from "@/components/fleet/item-filter-chip";
import { PAGE_SIZE, defaultDir, hostQueryString, pageCount, type HostQuery, type SortKey } from "@/components/fleet/host-query";
import { useTypingPause, useUrlQuery } from "@/components/fleet/use-url-query";

interface Props {
  fleet: string;
  /** The one page of rows the server queried for `query`. */
  hosts: HostRow[];
  /** Hosts matching the filters, all pages together. */
  total: number;
  /** Fleet-wide, whatever the filters: for the badges and "N of M hosts". */
  counts: { hosts: number; drifted: number; snowflakes: number; notReporting: number };
  /** The query the server answered (its page clamped to the last one). */
  query: HostQuery;
  now: string;
  canRequest?: boolean;
  /** The fleet's reporting interval: the table marks hosts past it. */
  intervalMinutes?: number;
}

// The server filters, sorts and pages (a 50,000-host fleet is one page of rows here); this component writes the
// table's state into the URL and lets the server page render again. The controls show the new state at once
// (optimistic) and the table dims until the new page arrives.
export function FleetClient({ fleet, hosts, total, counts, query, now, canRequest = false, intervalMinutes }: Props) {
  const { shown, pending, update } = useUrlQuery(query, hostQueryString);
  const [text, setText] = useState(query.q);
  // The text the server last answered for: when it changes and the box still holds the previous one, the change
  // came from elsewhere (a link) and the box follows; text typed meanwhile is kept.
  const [answeredQ, setAnsweredQ] = useState(query.q);
  if (query.q !== answeredQ) {
    setAnsweredQ(query.q);
    if (text === answeredQ) setText(query.q);
  }

  // Selected hostnames survive filtering and paging (the component is not remounted), so "drifted" then
  // "snowflakes" can build one request.
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const select = (names: string[], on: boolean) => {
    const next = new Set(selected);
    for (const n of names) if (on) next.add(n); else next.delete(n);
    setSelected(next);
  };

  // Typing waits for a pause; when it fires, the other controls are read as they are then (a box ticked meanwhile).
  useTypingPause(text, (q) => {
    if (q !== shown.q) update({ q });
  });

  const onSort = (key: SortKey) => update({ sort: key, dir: key === shown.sort ? (shown.dir === "asc" ? "desc" : "asc") : defaultDir(key) });

  const filtered = query.q !== "" || query.drifted || query.snowflake || query.reporting !== null || query.source !== null || query.item !== "";
  const toggle = "flex cursor-pointer select-none items-center gap-1.5 rounded-md border px-2.5 py-1.5 text-sm";

  return (
    <div>
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-100 px-3 py-2.5">
        <label className="relative min-w-0 basis-full sm:max-w-xs sm:flex-1 sm:basis-auto">
          <span className="sr-only">Filter by hostname</span>
          <input
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="Filter hostname or fingerprint…"
            className="w-full rounded-md border border-slate-300 px-2.5 py-1.5 text-sm focus:border-blue-500 focus:outline-none focus:ring-2 focus:ring-blue-100"
            data-testid="host-filter"
          />
        </label>
        <label className={`${toggle} ${shown.drifted ? "border-amber-300 bg-amber-50 text-amber-900" : "border-slate-300 bg-white"}`}>
          <input type="checkbox" className="accent-amber-600" checked={shown.drifted} onChange={(e) => update({ drifted: e.target.checked })} data-testid="filter-drifted" />
          Drifted <span className="text-xs text-slate-500">({counts.drifted})</span>
        </label>
        <label className={`${toggle} ${shown.snowflake ? "border-violet-300 bg-violet-50 text-violet-900" : "border-slate-300 bg-white"}`}>
          <input type="checkbox" className="accent-violet-600" checked={shown.snowflake} onChange={(e) => update({ snowflake: e.target.checked })} data-testid="filter-snowflake" />
          Snowflakes <span className="text-xs text-slate-500">({counts.snowflakes})</span>
        </label>
        <NotReportingToggle checked={shown.reporting === "not-reporting"} count={counts.notReporting} onChange={(on) => update({ reporting: on ? "not-reporting" : null })} />
        <SourceSelect value={shown.source} onChange={(source) => update({ source })} />
        <span className="ml-auto flex items-center gap-3 text-sm text-slate-600">
          {pending && (
            <span role="status" className="text-xs text-slate-500" data-testid="hosts-loading">
              Loading…
            </span>
          )}
          <span data-testid="host-count">{filtered ? `${total} of ${counts.hosts} hosts` : `${counts.hosts} hosts`}</span>
          <ExportMenu filters={{ fleet, q: query.q, drifted: query.drifted || undefined, snowflake: query.snowflake || undefined, reporting: query.reporting ?? undefined, source: query.source ?? undefined }} disabled={total === 0} />
        </span>
      </div>
      {query.item && <ItemFilterChip item={query.item} onClear={() => update({ item: "" })} />}
      {canRequest && <HostSelectionBar fleet={fleet} selected={selected} driftedCount={counts.drifted} onPage={hosts.map((h) => h.hostname)} clean={new Set(hosts.filter((h) => h.driftCount === 0).map((h) => h.hostname))} onChange={setSelected} />}
      <div className={`transition-opacity ${pending ? "opacity-50" : ""}`} aria-busy={pending} data-testid="hosts-results">
        {hosts.length === 0 ? (
          <p className="px-3 py-10 text-center text-sm text-slate-500" data-testid="no-match">
            No host matches these filters.{" "}
            <button type="button" className="text-blue-700 hover:underline" onClick={() => { setText(""); update({ q: "", drifted: false, snowflake: false, reporting: null, source: null, item: "" }); }}>
              Clear filters
            </button>
          </p>
        ) : (
          <HostsTable fleet={fleet} intervalMinutes={intervalMinutes} rows={hosts} sort={shown.sort} dir={shown.dir} onSort={onSort} now={now} selection={canRequest ? { selected, onToggle: select } : undefined} />
        )}
        <Pager page={shown.page} pages={pageCount(total)} total={total} pageSize={PAGE_SIZE} onPage={(p) => update({ page: p })} />
      </div>
    </div>
  );
}

"use client";

import { useEffect, useMemo, useState } from "react";
import { usePathname } from "next/navigation";
import type { HostRow } from "@/lib/services/list-hosts";
import { HostsTable } from "@/components/fleet/hosts-table";
import { Pager } from "@/components/fleet/pager";
import { ExportMenu } from "@/components/export/export-menu";
import { HostSelectionBar } from "@/components/rebuilds/host-selection-bar";
import { PAGE_SIZE, defaultDir, filterHosts, hostQueryString, sortHosts, type HostQuery, type SortKey } from "@/components/fleet/host-query";

// Filtering and sorting run in the browser over the full list: a fleet of 20k hosts is ~3 MB of rows and a
// filter pass takes a few ms, which beats a server round trip per keystroke. Only 100 rows render at a time.
export function FleetClient({ fleet, hosts, now, initial, canRequest = false }: { fleet: string; hosts: HostRow[]; now: string; initial: HostQuery; canRequest?: boolean }) {
  const pathname = usePathname();
  const [query, setQuery] = useState(initial);
  const [text, setText] = useState(initial.q);
  // Selected hostnames survive filtering and paging, so "drifted" then "snowflakes" can build one request.
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const select = (names: string[], on: boolean) => {
    const next = new Set(selected);
    for (const n of names) if (on) next.add(n); else next.delete(n);
    setSelected(next);
  };

  // State answers clicks at once; native replaceState mirrors it into the URL (shareable, survives reload)
  // without re-running the server page.
  const update = (patch: Partial<HostQuery>) => {
    const next = { ...query, page: 1, ...patch };
    setQuery(next);
    window.history.replaceState(null, "", `${pathname}${hostQueryString(next)}`);
  };

  useEffect(() => {
    if (text === query.q) return;
    const t = setTimeout(() => update({ q: text }), 150);
    return () => clearTimeout(t);
  }, [text]); // only the typed text schedules a URL write; `query` is read fresh at that time

  const { q, drifted: onlyDrifted, snowflake: onlySnowflakes, sort, dir } = query;
  const filtered = useMemo(() => filterHosts(hosts, { q, drifted: onlyDrifted, snowflake: onlySnowflakes }), [hosts, q, onlyDrifted, onlySnowflakes]);
  const sorted = useMemo(() => sortHosts(filtered, sort, dir), [filtered, sort, dir]);
  const pages = Math.max(1, Math.ceil(sorted.length / PAGE_SIZE));
  const page = Math.min(query.page, pages);
  const visible = sorted.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);

  const onSort = (key: SortKey) => update({ sort: key, dir: key === query.sort ? (query.dir === "asc" ? "desc" : "asc") : defaultDir(key) });

  const snowflakes = hosts.filter((h) => h.isSnowflake).length;
  const drifted = hosts.filter((h) => (h.driftCount ?? 0) > 0).length;
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
        <label className={`${toggle} ${query.drifted ? "border-amber-300 bg-amber-50 text-amber-900" : "border-slate-300 bg-white"}`}>
          <input type="checkbox" className="accent-amber-600" checked={query.drifted} onChange={(e) => update({ drifted: e.target.checked })} data-testid="filter-drifted" />
          Drifted <span className="text-xs text-slate-500">({drifted})</span>
        </label>
        <label className={`${toggle} ${query.snowflake ? "border-violet-300 bg-violet-50 text-violet-900" : "border-slate-300 bg-white"}`}>
          <input type="checkbox" className="accent-violet-600" checked={query.snowflake} onChange={(e) => update({ snowflake: e.target.checked })} data-testid="filter-snowflake" />
          Snowflakes <span className="text-xs text-slate-500">({snowflakes})</span>
        </label>
        <span className="ml-auto flex items-center gap-3 text-sm text-slate-600">
          <span data-testid="host-count">
            {sorted.length === hosts.length ? `${hosts.length} hosts` : `${sorted.length} of ${hosts.length} hosts`}
          </span>
          <ExportMenu filters={{ fleet, q: query.q, drifted: query.drifted || undefined, snowflake: query.snowflake || undefined }} disabled={sorted.length === 0} />
        </span>
      </div>
      {canRequest && (
        <HostSelectionBar
          fleet={fleet}
          selected={selected}
          drifted={hosts.filter((h) => (h.driftCount ?? 0) > 0).map((h) => h.hostname)}
          onPage={visible.map((h) => h.hostname)}
          onChange={setSelected}
        />
      )}
      {visible.length === 0 ? (
        <p className="px-3 py-10 text-center text-sm text-slate-500" data-testid="no-match">
          No host matches these filters.{" "}
          <button type="button" className="text-blue-700 hover:underline" onClick={() => { setText(""); update({ q: "", drifted: false, snowflake: false }); }}>
            Clear filters
          </button>
        </p>
      ) : (
        <HostsTable fleet={fleet} rows={visible} sort={query.sort} dir={query.dir} onSort={onSort} now={now} selection={canRequest ? { selected, onToggle: select } : undefined} />
      )}
      <Pager page={page} pages={pages} total={sorted.length} pageSize={PAGE_SIZE} onPage={(p) => update({ page: p })} />
    </div>
  );
}

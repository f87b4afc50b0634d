"use client";

import Link from "next/link";
import { sourceLabel } from "@/components/host/source-note";
import type { HostRow } from "@/lib/services/list-hosts";
import { Badge, driftTone } from "@/components/ui/badge";
import { formatDate, formatDateTime, shortHash } from "@/components/format";
import { LastSeen } from "./last-seen-cell";
import type { Dir, SortKey } from "./host-query";

const COLUMNS: { key: SortKey; label: string; numeric?: boolean; hint: string }[] = [
  { key: "hostname", label: "Hostname", hint: "Host name as reported by the agent" },
  { key: "drift", label: "Drift", numeric: true, hint: "Drift items against the fleet's current spec" },
  { key: "snowflake", label: "Snowflake score", numeric: true, hint: "How unlike its peers the host is (rarer deviations weigh more)" },
  { key: "sharedBy", label: "Shared by", numeric: true, hint: "Hosts of this fleet with exactly this fingerprint" },
  { key: "lastSeen", label: "Last seen", hint: "Last report from the agent; red when older than the fleet's reporting interval" },
  { key: "lastBuilt", label: "Last built", hint: "Last (re)build from spec; enrolment counts as the first" },
];

interface Props {
  fleet: string;
  rows: HostRow[];
  sort: SortKey;
  dir: Dir;
  onSort: (key: SortKey) => void;
  now: string;
  /** The fleet's reporting interval, for the last-seen cell's title. */
  intervalMinutes?: number;
  /** When given, each row gets a checkbox (for rebuild requests); the header box toggles the rows shown. */
  selection?: { selected: ReadonlySet<string>; onToggle: (hostnames: string[], on: boolean) => void };
}

export function HostsTable({ fleet, rows, sort, dir, onSort, now, selection, intervalMinutes }: Props) {
  const base = `/fleets/${encodeURIComponent(fleet)}/hosts`;
  const allOn = selection !== undefined && rows.length > 0 && rows.every((r) => selection.selected.has(r.hostname));
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[760px] text-sm" data-testid="hosts-table">
        <thead className="border-b border-slate-200 bg-slate-50 text-left text-xs text-slate-600">
          <tr>
            {selection && (
              <th scope="col" className="w-8 px-3 py-2">
                <input
                  type="checkbox"
                  aria-label="Select the hosts shown"
                  checked={allOn}
                  onChange={(e) => selection.onToggle(rows.map((r) => r.hostname), e.target.checked)}
                  className="accent-blue-600"
                  data-testid="select-all-rows"
                />
              </th>
            )}
            {COLUMNS.map((c) => {
              const active = c.key === sort;
              return (
                <th
                  key={c.key}
                  scope="col"
                  aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : "none"}
                  className={`px-3 py-2 font-medium ${c.numeric ? "text-right" : ""}`}
                >
                  <button
                    type="button"
                    title={c.hint}
                    onClick={() => onSort(c.key)}
                    data-testid={`sort-${c.key}`}
                    className={`inline-flex items-center gap-1 hover:text-slate-900 ${active ? "text-slate-900" : ""}`}
                  >
                    {c.label}
                    <span aria-hidden className={`text-[10px] ${active ? "" : "opacity-0"}`}>
                      {dir === "asc" ? "▲" : "▼"}
                    </span>
                  </button>
                </th>
              );
            })}
            <th scope="col" className="px-3 py-2 font-medium">
              Fingerprint
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.id} className={selection?.selected.has(r.hostname) ? "bg-blue-50/60 hover:bg-blue-50" : "hover:bg-slate-50"} data-testid="host-row" data-hostname={r.hostname}>
              {selection && (
                <td className="w-8 px-3 py-1.5">
                  <input
                    type="checkbox"
                    aria-label={`Select ${r.hostname}`}
                    checked={selection.selected.has(r.hostname)}
                    onChange={(e) => selection.onToggle([r.hostname], e.target.checked)}
                    className="accent-blue-600"
                    data-testid="select-host"
                  />
                </td>
              )}
              <td className="px-3 py-1.5">
                <div className="flex items-center gap-2">
                  <Link href={`${base}/${encodeURIComponent(r.hostname)}`} className="font-medium text-blue-700 hover:underline">
                    {r.hostname}
                  </Link>
                  {r.isSnowflake && (
                    <Badge tone="violet" title="Unlike its peers: see the host page for why">
                      ❄ snowflake
                    </Badge>
                  )}
                  {!r.fingerprint && <Badge title="Enrolled but no fingerprint received yet">not reported</Badge>}
                  {r.source && r.source !== "agent" && (
                    <Badge title={`Data from ${sourceLabel(r.source)}${r.configsCollected ? "" : "; config files not collected"}`}>
                      <span data-testid="source-badge">{r.source}</span>
                    </Badge>
                  )}
                </div>
              </td>
              <td className={`px-3 py-1.5 text-right font-semibold tabular-nums ${driftTone(r.driftCount)}`} data-testid="drift-cell">
                {r.driftCount ?? "—"}
              </td>
              <td className="px-3 py-1.5 text-right tabular-nums text-slate-700" data-testid="snowflake-cell">
                {r.fingerprint ? r.snowflakeScore.toFixed(2) : "—"}
              </td>
              <td className="px-3 py-1.5 text-right tabular-nums text-slate-700">{r.fingerprint ? r.sharedBy : "—"}</td>
              <td className="px-3 py-1.5 whitespace-nowrap" data-testid="last-seen-cell" data-reporting={r.reporting}>
                <LastSeen lastSeen={r.lastSeen} reporting={r.reporting} now={now} intervalMinutes={intervalMinutes} />
              </td>
              <td className="px-3 py-1.5 whitespace-nowrap text-slate-600" title={formatDateTime(r.lastBuilt)}>
                {formatDate(r.lastBuilt)}
              </td>
              <td className="px-3 py-1.5 font-mono text-xs text-slate-500" title={r.fingerprint ?? undefined}>
                {shortHash(r.fingerprint, 10)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

"use client";

import Link from "next/link";
import type { HostRow } from "@/lib/services/list-hosts";
import { Badge, driftTone } from "@/components/ui/badge";
import { formatDate, formatDateTime, shortHash, timeAgo } from "@/components/format";
import type { Dir, SortKey } from "./host-query";

const COLUMNS: { key: SortKey; label: string; numeric?: boolean; hint: string }[] = [
  { key: "hostname", label: "Hostname", hint: "Host name as reported by the agent" },
  { key: "drift", label: "Drift", numeric: true, hint: "Drift items against the fleet's current spec" },
  { key: "snowflake", label: "Snowflake score", numeric: true, hint: "How unlike its peers the host is (rarer deviations weigh more)" },
  { key: "sharedBy", label: "Shared by", numeric: true, hint: "Hosts of this fleet with exactly this fingerprint" },
  { key: "lastSeen", label: "Last seen", hint: "Last report from the agent" },
  { key: "lastBuilt", label: "Last built", hint: "Last (re)build from spec; enrolment counts as the first" },
];

interface Props {
  fleet: string;
  rows: HostRow[];
  sort: SortKey;
  dir: Dir;
  onSort: (key: SortKey) => void;
  now: string;
}

export function HostsTable({ fleet, rows, sort, dir, onSort, now }: Props) {
  const base = `/fleets/${encodeURIComponent(fleet)}/hosts`;
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[760px] text-sm" data-testid="hosts-table">
        <thead className="border-b border-slate-200 bg-slate-50 text-left text-xs text-slate-600">
          <tr>
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
            <tr key={r.id} className="hover:bg-slate-50" data-testid="host-row" data-hostname={r.hostname}>
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
                </div>
              </td>
              <td className={`px-3 py-1.5 text-right font-semibold tabular-nums ${driftTone(r.driftCount)}`} data-testid="drift-cell">
                {r.driftCount ?? "—"}
              </td>
              <td className="px-3 py-1.5 text-right tabular-nums text-slate-700" data-testid="snowflake-cell">
                {r.fingerprint ? r.snowflakeScore.toFixed(2) : "—"}
              </td>
              <td className="px-3 py-1.5 text-right tabular-nums text-slate-700">{r.fingerprint ? r.sharedBy : "—"}</td>
              <td className="px-3 py-1.5 whitespace-nowrap text-slate-600" title={formatDateTime(r.lastSeen)}>
                {timeAgo(r.lastSeen, now)}
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

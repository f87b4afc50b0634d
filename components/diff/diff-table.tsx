"use client";

import { Fragment, type ReactNode } from "react";

export interface DiffRowView {
  section: string;
  key: string;
  left: string | null;
  right: string | null;
  status: string;
}

// "ignored" rows (host-specific paths such as /etc/hostname) are shown for context but never count as differences.
const NOT_DIFFERENT = new Set(["same", "ignored"]);
export const isSame = (status: string) => NOT_DIFFERENT.has(status);

const STATUS_STYLE: Record<string, string> = {
  same: "bg-slate-100 text-slate-600",
  ignored: "bg-slate-50 text-slate-400 italic",
  differs: "bg-amber-100 text-amber-800",
  "only-left": "bg-red-100 text-red-800",
  "only-right": "bg-sky-100 text-sky-800",
};

export const STATUS_HINT: Record<string, string> = {
  same: "Same value on both sides (a spec \"*\" matches any value)",
  ignored: "Not compared: it matches an ignore rule (host-specific), or the host's source collects no config files (not collected)",
  differs: "Present on both sides with different values",
  "only-left": "Present only on the left side",
  "only-right": "Present only on the right side",
};

export function statusStyle(status: string) {
  return STATUS_STYLE[status] ?? "bg-amber-100 text-amber-800";
}

/** sha256 values shrink to 12 characters; the title keeps the full value for copy and comparison. */
function Value({ v, other }: { v: string | null; other: string | null }) {
  if (v === null) return <span className="italic text-slate-400">absent</span>;
  const hash = /^(sha256:)?[0-9a-f]{40,}$/i.test(v);
  const differs = other !== null && other !== v;
  return (
    <span title={v} className={`break-all font-mono text-xs ${differs ? "font-semibold text-slate-900" : "text-slate-700"}`}>
      {hash ? `${v.slice(0, v.startsWith("sha256:") ? 19 : 12)}…` : v}
    </span>
  );
}

export function DiffTable({
  rows,
  leftLabel,
  rightLabel,
  detail,
}: {
  rows: DiffRowView[];
  leftLabel: string;
  rightLabel: string;
  /** More about a row, on a line of its own below it (a changed config's line diff). */
  detail?: (r: DiffRowView) => ReactNode;
}) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[720px] table-fixed text-sm" data-testid="diff-table">
        <colgroup>
          <col className="w-24" />
          <col className="w-[28%]" />
          <col />
          <col />
          <col className="w-28" />
        </colgroup>
        <thead className="border-b border-slate-200 bg-slate-50 text-left text-xs text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Section</th>
            <th scope="col" className="px-3 py-2 font-medium">Key</th>
            <th scope="col" className="px-3 py-2 font-medium">{leftLabel}</th>
            <th scope="col" className="px-3 py-2 font-medium">{rightLabel}</th>
            <th scope="col" className="px-3 py-2 font-medium">Status</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => {
            const more = detail?.(r);
            return (
            <Fragment key={`${r.section}\u0000${r.key}`}>
            <tr data-testid="diff-row" data-status={r.status} className={isSame(r.status) ? "" : "bg-amber-50/30"}>
              <td className="px-3 py-1.5 text-xs text-slate-500">{r.section}</td>
              <td className="px-3 py-1.5 break-all font-mono text-xs text-slate-900">{r.key}</td>
              <td className="px-3 py-1.5"><Value v={r.left} other={r.right} /></td>
              <td className="px-3 py-1.5"><Value v={r.right} other={r.left} /></td>
              <td className="px-3 py-1.5">
                <span title={STATUS_HINT[r.status]} className={`rounded px-1.5 py-0.5 text-xs font-medium ${statusStyle(r.status)}`}>
                  {r.status}
                </span>
              </td>
            </tr>
            {more && (
              <tr data-testid="diff-row-detail">
                <td />
                <td colSpan={4} className="px-3 pb-2">{more}</td>
              </tr>
            )}
            </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

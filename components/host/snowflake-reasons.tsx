"use client";

import { useState } from "react";
import type { SnowflakeReason } from "@/lib/core/types";
import { SNOWFLAKE_KIND_LABEL, shortValue } from "./labels";
import { SecurityBadge } from "./security-badge";

const FIRST = 8;

/** Strongest first (as scored); the bar shows how rare this host's value is within its cohort. */
export function SnowflakeReasons({ reasons, total }: { reasons: SnowflakeReason[]; total: number }) {
  // The strongest few reasons explain a snowflake; the long tail is there on demand.
  const [all, setAll] = useState(false);
  if (total === 0) return <p className="px-4 py-6 text-center text-sm text-slate-500">Nothing sets this host apart from its peers.</p>;
  if (reasons.length === 0) return <p className="px-4 py-6 text-center text-sm text-slate-500">No reason matches the filter ({total} in all).</p>;
  const shown = all ? reasons : reasons.slice(0, FIRST);
  return (
    <>
      <ul className="divide-y divide-slate-100">
        {shown.map((r) => (
          <li key={`${r.kind}:${r.subject}`} className="px-4 py-2 text-sm" data-testid="snowflake-reason">
            <div className="flex flex-wrap items-baseline gap-x-2">
              <span className="break-all font-mono text-[13px] font-medium text-slate-900">{r.subject}</span>
              <span className="rounded bg-violet-50 px-1.5 text-xs text-violet-700">{SNOWFLAKE_KIND_LABEL[r.kind]}</span>
              <SecurityBadge subject={r.subject} />
              <span className="ml-auto text-xs tabular-nums text-slate-500" title="Weight in the snowflake score">
                w {r.weight.toFixed(2)}
              </span>
            </div>
            <p className="mt-0.5 text-slate-600">{r.explain}</p>
            <div className="mt-1 flex flex-wrap items-center gap-x-4 gap-y-1 font-mono text-xs">
              <span className="text-slate-700" title={r.value ?? undefined}>
                this host: {shortValue(r.value)}
              </span>
              <span className="text-slate-500" title={r.consensus ?? undefined}>
                consensus: {shortValue(r.consensus)}
              </span>
              <span className="flex items-center gap-1.5 font-sans text-slate-500">
                <span className="inline-block h-1.5 w-20 overflow-hidden rounded-full bg-slate-100" aria-hidden>
                  <span className="block h-full bg-violet-500" style={{ width: `${Math.max(3, r.cohort ? (r.sharedBy / r.cohort) * 100 : 0)}%` }} />
                </span>
                shared by {r.sharedBy} of {r.cohort}
              </span>
            </div>
          </li>
        ))}
      </ul>
      {reasons.length > FIRST && (
        <button
          type="button"
          onClick={() => setAll(!all)}
          className="w-full border-t border-slate-100 px-4 py-2 text-left text-sm text-blue-700 hover:bg-slate-50"
          data-testid="toggle-reasons"
        >
          {all ? "Show the strongest only" : `Show all ${reasons.length} reasons`}
        </button>
      )}
    </>
  );
}

import type { DriftItem, DriftKind } from "@/lib/core/types";
import { DRIFT_KIND_LABEL, DRIFT_KIND_ORDER, shortValue } from "./labels";

/** Drift grouped by kind, each group open, each item its own sentence plus the raw expected/actual values. */
export function DriftList({ items, total }: { items: DriftItem[]; total: number }) {
  const groups = new Map<DriftKind, DriftItem[]>();
  for (const it of items) groups.set(it.kind, [...(groups.get(it.kind) ?? []), it]);
  const kinds = DRIFT_KIND_ORDER.filter((k) => groups.has(k));
  if (items.length === 0) return <p className="px-4 py-6 text-center text-sm text-slate-500">No drift item matches the filter ({total} in all).</p>;
  return (
    <div className="divide-y divide-slate-100">
      {kinds.map((k) => {
        const list = groups.get(k)!;
        return (
          <details key={k} open className="group" data-testid={`drift-group-${k}`}>
            <summary className="flex cursor-pointer select-none items-center gap-2 bg-slate-50/60 px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50">
              <span aria-hidden className="text-slate-400 transition-transform group-open:rotate-90">▸</span>
              {DRIFT_KIND_LABEL[k]}
              <span className="rounded-full bg-slate-200 px-1.5 text-xs tabular-nums text-slate-700" data-testid="drift-group-count">
                {list.length}
              </span>
            </summary>
            <ul className="divide-y divide-slate-50">
              {list.map((it) => (
                <li key={`${it.kind}:${it.subject}`} className="px-4 py-2 pl-9 text-sm" data-testid="drift-item">
                  <div className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5">
                    <span className="break-all font-mono text-[13px] font-medium text-slate-900">{it.subject}</span>
                    <span className="text-slate-600">{it.explain}</span>
                  </div>
                  {(it.expected !== null || it.actual !== null) && (
                    <div className="mt-0.5 flex flex-wrap gap-x-4 font-mono text-xs">
                      <span className="text-emerald-700" title={it.expected ?? undefined}>
                        expected: {shortValue(it.expected)}
                      </span>
                      <span className="text-red-700" title={it.actual ?? undefined}>
                        actual: {shortValue(it.actual)}
                      </span>
                    </div>
                  )}
                </li>
              ))}
            </ul>
          </details>
        );
      })}
    </div>
  );
}

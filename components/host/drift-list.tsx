import type { ReactNode } from "react";
import type { DriftItem, DriftKind } from "@/lib/core/types";
import { formatDateTime, formatSince } from "@/components/format";
import { DRIFT_KIND_LABEL, DRIFT_KIND_ORDER, shortValue } from "./labels";
import { isSecurityPath } from "@/lib/core/security-paths";
import { SecurityBadge } from "./security-badge";

export const driftItemId = (it: Pick<DriftItem, "kind" | "subject">) => `${it.kind}:${it.subject}`;

/**
 * Drift grouped by kind, one dense line per item; the explanation is printed when it adds to the values, and is
 * always the tooltip. `since` (by driftItemId) says how long the host has carried each item without a break;
 * `differs` since when that has differed from the CURRENT spec (a spec saved later makes old content new drift).
 */
export function DriftList({
  items,
  total,
  since = {},
  differs = {},
  now,
  actions,
  detail,
}: {
  items: DriftItem[];
  total: number;
  since?: Record<string, string | null>;
  differs?: Record<string, { at: string; version: number } | null>;
  now: string;
  /** Buttons beside an item (the host page: accept into spec, waive). */
  actions?: (it: DriftItem) => ReactNode;
  /** More about an item under its line (the host page: a changed config's line diff). */
  detail?: (it: DriftItem) => ReactNode;
}) {
  const groups = new Map<DriftKind, DriftItem[]>();
  // Security-relevant items first, in a group of their own (lib/core/security-paths); the rest by kind.
  const secure = items.filter((it) => isSecurityPath(it.subject));
  for (const it of items) if (!isSecurityPath(it.subject)) groups.set(it.kind, [...(groups.get(it.kind) ?? []), it]);
  const sections = [
    ...(secure.length ? [{ id: "security", label: "Security-relevant", list: secure }] : []),
    ...DRIFT_KIND_ORDER.filter((k) => groups.has(k)).map((k) => ({ id: k, label: DRIFT_KIND_LABEL[k], list: groups.get(k)! })),
  ];
  if (items.length === 0) return <p className="px-4 py-6 text-center text-sm text-slate-500">No drift item matches the filter ({total} in all).</p>;
  return (
    <div className="divide-y divide-slate-100">
      {sections.map(({ id: k, label, list }) => {
        return (
          <details key={k} open className="group" data-testid={`drift-group-${k}`}>
            <summary className="flex cursor-pointer select-none items-center gap-2 bg-slate-50/60 px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50">
              <span aria-hidden className="text-slate-400 transition-transform group-open:rotate-90">▸</span>
              {label}
              <span className="rounded-full bg-slate-200 px-1.5 text-xs tabular-nums text-slate-700" data-testid="drift-group-count">
                {list.length}
              </span>
            </summary>
            <ul className="divide-y divide-slate-50">
              {list.map((it) => (
                <li key={driftItemId(it)} className="px-4 py-1.5 pl-9 text-sm" data-testid="drift-item" title={it.explain}>
                  <div className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5">
                    <span className="min-w-48 break-all font-mono text-[13px] font-medium text-slate-900">{it.subject}</span>
                    <SecurityBadge subject={it.subject} />
                    <span className="flex flex-wrap items-baseline gap-x-1.5 font-mono text-xs">
                      <span className="text-slate-500">expected</span>
                      <span className="text-emerald-700" title={it.expected ?? undefined}>{shortValue(it.expected)}</span>
                      <span className="text-slate-500">actual</span>
                      <span className="text-red-700" title={it.actual ?? undefined}>{shortValue(it.actual)}</span>
                    </span>
                    {it.direction && <DirectionBadge direction={it.direction} />}
                    <ItemDates carried={since[driftItemId(it)]} differs={differs[driftItemId(it)]} now={now} />
                  </div>
                  {!repeatsValues(it) && <p className="text-xs text-slate-600">{it.explain}</p>}
                  {actions?.(it)}
                  {detail?.(it)}
                </li>
              ))}
            </ul>
          </details>
        );
      })}
    </div>
  );
}

/**
 * "carried since 2 Aug, 120 days · differs from spec since 21 Nov, 9 days (v3)": how long the host has had the item,
 * and since when that has differed from the current spec (the later of the two and the spec's unchanged run).
 */
function ItemDates({ carried, differs, now }: { carried?: string | null; differs?: { at: string; version: number } | null; now: string }) {
  return (
    <>
      {carried && (
        <span className="text-xs text-slate-500">
          carried{" "}
          <time dateTime={carried} title={`First seen ${formatDateTime(carried)}, unbroken since`} data-testid="drift-since">
            {formatSince(carried, now)}
          </time>
        </span>
      )}
      {differs && (
        <time className="text-xs text-slate-500" dateTime={differs.at} title={`Differs from the current spec since ${formatDateTime(differs.at)} (spec v${differs.version} in force then)`} data-testid="drift-differs-since">
          · differs from spec {formatSince(differs.at, now)} (v{differs.version})
        </time>
      )}
    </>
  );
}

/** Behind the spec (a rebuild upgrades it) or ahead of it (a rebuild would downgrade it). */
export function DirectionBadge({ direction }: { direction: "behind" | "ahead" }) {
  return direction === "ahead" ? (
    <span className="rounded bg-amber-100 px-1.5 text-xs font-medium text-amber-900" title="Newer than the spec: a rebuild from spec would downgrade it" data-testid="direction" data-direction="ahead">
      ↑ ahead of spec
    </span>
  ) : (
    <span className="rounded bg-slate-100 px-1.5 text-xs text-slate-700" title="Older than the spec: a rebuild from spec upgrades it" data-testid="direction" data-direction="behind">
      ↓ behind spec
    </span>
  );
}

/** Most explanations restate the two values ("expected 2.4.57-2, found 2.4.58-1"); print only those that add something. */
function repeatsValues(it: DriftItem): boolean {
  const mentions = (v: string | null) => v !== null && (it.explain.includes(v) || it.explain.includes(v.slice(0, 10)));
  return mentions(it.expected) && mentions(it.actual);
}

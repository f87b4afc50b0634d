"use client";

import { useState, type ReactNode } from "react";
import type { FleetDriftRow } from "@/lib/core/fleet-drift";

/**
 * One bulk action of the fleet drift table. The bar lists each as a button; choosing one snapshots the selected
 * items and renders the action's panel under the bar until it calls close(). Actions arrive as props (see
 * app/fleets/[name]/fleet-drift-section.tsx), so new ones (waive, accept into spec) are added without touching
 * the table.
 */
export interface FleetDriftBulkAction {
  id: string;
  label: string;
  /** Why the button is disabled for this selection, or null when it may run. */
  disabledReason?: (items: readonly FleetDriftRow[]) => string | null;
  render: (ctx: { fleet: string; items: FleetDriftRow[]; close: () => void }) => ReactNode;
}

interface Props {
  fleet: string;
  selected: FleetDriftRow[];
  actions: FleetDriftBulkAction[];
  onClear: () => void;
}

export function FleetDriftBulkBar({ fleet, selected, actions, onClear }: Props) {
  const [open, setOpen] = useState<{ id: string; items: FleetDriftRow[] } | null>(null);
  const n = selected.length;
  // Hosts can carry several of the items: the sum is an upper bound, the action loads the real set.
  const hosts = selected.reduce((s, r) => s + r.hosts, 0);
  const action = open && actions.find((a) => a.id === open.id);
  return (
    <>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-100 bg-slate-50/60 px-3 py-2 text-sm text-slate-600" data-testid="drift-bulk-bar">
        <span data-testid="drift-selected-count">{n === 0 ? "No item selected" : `${n} item${n === 1 ? "" : "s"} selected (up to ${hosts.toLocaleString("en")} hosts)`}</span>
        <button type="button" className="font-medium text-blue-700 hover:underline disabled:text-slate-400 disabled:no-underline" disabled={n === 0} onClick={() => { onClear(); setOpen(null); }}>
          clear
        </button>
        <span className="ml-auto flex flex-wrap items-center gap-2">
          {actions.map((a) => {
            const why = n === 0 ? "Select items first" : (a.disabledReason?.(selected) ?? null);
            return (
              <button
                key={a.id}
                type="button"
                disabled={why !== null}
                title={why ?? undefined}
                aria-expanded={open?.id === a.id}
                onClick={() => setOpen(open?.id === a.id ? null : { id: a.id, items: selected })}
                className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-40"
                data-testid={`drift-action-${a.id}`}
              >
                {a.label}
              </button>
            );
          })}
        </span>
      </div>
      {action && open && action.render({ fleet, items: open.items, close: () => setOpen(null) })}
    </>
  );
}

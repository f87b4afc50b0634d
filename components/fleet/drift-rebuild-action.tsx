"use client";

import { useEffect, useState } from "react";
import { RequestRebuildForm } from "@/components/rebuilds/request-rebuild-form";
import { fetchHostnames, MAX_DRIFTED_PICK } from "@/components/rebuilds/host-selection-bar";
import { itemParam, type FleetDriftRow } from "@/lib/core/fleet-drift";

/** Hostnames carrying any of `items`, from the hosts API's item filter (the page holds only the grouped rows). */
async function fetchHostsOfItems(fleet: string, items: readonly FleetDriftRow[], signal?: AbortSignal): Promise<{ hosts: string[]; truncated: boolean }> {
  const all = new Set<string>();
  let truncated = false;
  for (const it of items) {
    const { hostnames, total } = await fetchHostnames({ fleet, item: itemParam(it.kind, it.subject) }, signal);
    for (const h of hostnames) all.add(h);
    truncated ||= total > hostnames.length;
  }
  return { hosts: [...all].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })), truncated };
}

/** "Request rebuild" of the hosts carrying the selected items: loads them (with progress), then the usual form. */
export function DriftRebuildAction({ fleet, items, close }: { fleet: string; items: FleetDriftRow[]; close: () => void }) {
  const [state, setState] = useState<{ phase: "loading" } | { phase: "ready"; hosts: string[]; truncated: boolean } | { phase: "failed"; error: string }>({ phase: "loading" });
  useEffect(() => {
    const ctl = new AbortController();
    fetchHostsOfItems(fleet, items, ctl.signal).then(
      (r) => setState({ phase: "ready", ...r }),
      (e: unknown) => !ctl.signal.aborted && setState({ phase: "failed", error: e instanceof Error ? e.message : String(e) }),
    );
    return () => ctl.abort();
  }, [fleet, items]);
  if (state.phase === "loading")
    return (
      <p role="status" className="border-b border-slate-100 px-3 py-2 text-sm text-slate-600" data-testid="drift-rebuild-loading">
        Loading the hosts of {items.length} item{items.length === 1 ? "" : "s"}…
      </p>
    );
  if (state.phase === "failed")
    return (
      <p role="alert" className="border-b border-slate-100 px-3 py-2 text-sm text-red-700">
        Could not load the hosts: {state.error}.
      </p>
    );
  return (
    <div data-testid="drift-rebuild">
      {state.truncated && (
        <p role="status" className="px-3 pt-2 text-xs text-amber-800">
          More than {MAX_DRIFTED_PICK.toLocaleString("en")} hosts carry an item: the first {MAX_DRIFTED_PICK.toLocaleString("en")} of each (A→Z) are listed; request those, then again.
        </p>
      )}
      <RequestRebuildForm fleet={fleet} hosts={state.hosts} onClose={close} />
    </div>
  );
}

"use client";

import { useState } from "react";
import { fetchHostnames as fetchMatching } from "@/lib/client/queries";
import { RequestRebuildForm } from "./request-rebuild-form";

/** "All drifted" asks the API for one page this large; a rebuild of more hosts than this is a spec rollout. */
export const MAX_DRIFTED_PICK = 1000;

interface Props {
  fleet: string;
  selected: ReadonlySet<string>;
  driftedCount: number; // drifted hosts of the whole fleet, whatever the filters
  onPage: string[]; // the rows shown right now
  /** Hosts seen with no drift against the current spec: the request form warns when one is selected. */
  clean?: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
}

/**
 * The first MAX_DRIFTED_PICK hostnames (A→Z) matching a hosts-API filter, and how many match in all: the page only
 * holds one page of rows. Shared with the fleet drift table's "Request rebuild…" (hosts carrying an item).
 */
export const fetchHostnames = (filter: Record<string, string>, signal?: AbortSignal) => fetchMatching(filter, MAX_DRIFTED_PICK, signal);

/** Selection shortcuts and the "Request rebuild" action above the hosts table (operators and up). */
export function HostSelectionBar({ fleet, selected, driftedCount, onPage, clean, onChange }: Props) {
  const [open, setOpen] = useState(false);
  const [loading, setLoading] = useState(false);
  const [note, setNote] = useState<{ error: boolean; text: string } | null>(null);
  const link = "font-medium text-blue-700 hover:underline disabled:text-slate-400 disabled:no-underline";
  const n = selected.size;

  const selectDrifted = async () => {
    setLoading(true);
    setNote(null);
    try {
      const { hostnames, total } = await fetchHostnames({ fleet, drifted: "1" });
      onChange(new Set([...selected, ...hostnames]));
      if (total > hostnames.length)
        setNote({ error: false, text: `Selected the first ${hostnames.length.toLocaleString("en")} of ${total.toLocaleString("en")} drifted hosts (A→Z); request those, then select again.` });
    } catch (e) {
      setNote({ error: true, text: `Could not load the drifted hosts: ${e instanceof Error ? e.message : String(e)}.` });
    } finally {
      setLoading(false);
    }
  };

  return (
    <>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-100 bg-slate-50/60 px-3 py-2 text-sm text-slate-600" data-testid="selection-bar">
        <span>Select:</span>
        <button type="button" className={link} disabled={driftedCount === 0 || loading} onClick={selectDrifted} data-testid="select-drifted">
          {loading ? "loading drifted hosts…" : `all drifted (${driftedCount.toLocaleString("en")})`}
        </button>
        <button type="button" className={link} disabled={onPage.length === 0} onClick={() => onChange(new Set([...selected, ...onPage]))} data-testid="select-page">
          this page ({onPage.length})
        </button>
        <button type="button" className={link} disabled={n === 0} onClick={() => { onChange(new Set()); setNote(null); }} data-testid="select-none">
          none
        </button>
        <span className="ml-auto flex items-center gap-3">
          <span data-testid="selected-count">{n === 0 ? "No host selected" : `${n.toLocaleString("en")} selected`}</span>
          <button
            type="button"
            disabled={n === 0}
            onClick={() => setOpen(!open)}
            aria-expanded={open}
            className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-40"
            data-testid="request-rebuild"
          >
            Request rebuild…
          </button>
        </span>
        {note && (
          <p role={note.error ? "alert" : "status"} className={`basis-full text-xs ${note.error ? "text-red-700" : "text-amber-800"}`} data-testid="select-drifted-note">
            {note.text}
          </p>
        )}
      </div>
      {open && n > 0 && <RequestRebuildForm
          fleet={fleet}
          hosts={[...selected].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))}
          clean={[...selected].filter((h) => clean?.has(h)).sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))}
          onClose={() => setOpen(false)}
        />}
    </>
  );
}

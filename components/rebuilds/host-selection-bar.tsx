"use client";

import { useState } from "react";
import { RequestRebuildForm } from "./request-rebuild-form";

interface Props {
  fleet: string;
  selected: ReadonlySet<string>;
  drifted: string[]; // every drifted host of the fleet, whatever the filters
  onPage: string[]; // the rows shown right now
  onChange: (next: Set<string>) => void;
}

/** Selection shortcuts and the "Request rebuild" action above the hosts table (operators and up). */
export function HostSelectionBar({ fleet, selected, drifted, onPage, onChange }: Props) {
  const [open, setOpen] = useState(false);
  const link = "font-medium text-blue-700 hover:underline disabled:text-slate-400 disabled:no-underline";
  const n = selected.size;
  return (
    <>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-100 bg-slate-50/60 px-3 py-2 text-sm text-slate-600" data-testid="selection-bar">
        <span>Select:</span>
        <button type="button" className={link} disabled={drifted.length === 0} onClick={() => onChange(new Set([...selected, ...drifted]))} data-testid="select-drifted">
          all drifted ({drifted.length})
        </button>
        <button type="button" className={link} disabled={onPage.length === 0} onClick={() => onChange(new Set([...selected, ...onPage]))} data-testid="select-page">
          this page ({onPage.length})
        </button>
        <button type="button" className={link} disabled={n === 0} onClick={() => onChange(new Set())} data-testid="select-none">
          none
        </button>
        <span className="ml-auto flex items-center gap-3">
          <span data-testid="selected-count">{n === 0 ? "No host selected" : `${n} selected`}</span>
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
      </div>
      {open && n > 0 && <RequestRebuildForm fleet={fleet} hosts={[...selected].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))} onClose={() => setOpen(false)} />}
    </>
  );
}

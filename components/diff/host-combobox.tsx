"use client";

import { useEffect, useId, useState } from "react";
import { HOST_SEARCH_LIMIT, useHostSearch, type HostOption } from "@/lib/client/queries";

export type { HostOption };

/**
 * Another host to compare with, from ANY fleet: typed text is searched on the server (hostname contains, at most
 * HOST_SEARCH_LIMIT answers), so a 10,000-host install is not a 10,000-option dropdown. ARIA combobox: arrows move,
 * Enter picks, Escape closes.
 */
export function HostCombobox({ exclude, onPick }: { exclude: HostOption; onPick: (h: HostOption) => void }) {
  const id = useId();
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  useEffect(() => {
    const t = setTimeout(() => setQ(text.trim()), 200);
    return () => clearTimeout(t);
  }, [text]);
  const { data, isFetching, isError } = useHostSearch(q, open);
  const options = (data ?? []).filter((h) => !(h.hostname === exclude.hostname && h.fleet === exclude.fleet));
  const pick = (h: HostOption | undefined) => {
    if (!h) return;
    setOpen(false);
    setText(`${h.hostname} (${h.fleet})`);
    onPick(h);
  };
  return (
    <div className="relative">
      <input
        role="combobox"
        aria-expanded={open}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={open && options[active] ? `${id}-${active}` : undefined}
        aria-label="Compare with host (any fleet)"
        placeholder="Another host, any fleet…"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") setActive((a) => Math.min(a + 1, options.length - 1));
          else if (e.key === "ArrowUp") setActive((a) => Math.max(a - 1, 0));
          else if (e.key === "Enter") pick(options[active]);
          else if (e.key === "Escape") setOpen(false);
          else return;
          e.preventDefault();
        }}
        className="w-56 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
        data-testid="host-combobox"
      />
      {open && (
        <ul id={`${id}-list`} role="listbox" className="absolute z-20 mt-1 max-h-64 w-72 overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg" data-testid="host-options">
          {options.map((h, i) => (
            <li
              key={`${h.fleet}/${h.hostname}`}
              id={`${id}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(h)}
              className={`cursor-pointer px-3 py-1.5 ${i === active ? "bg-blue-50 text-blue-900" : ""}`}
              data-testid="host-option"
            >
              <span className="font-medium">{h.hostname}</span> <span className="text-xs text-slate-500">{h.fleet}</span>
            </li>
          ))}
          {options.length === 0 && (
            <li className="px-3 py-1.5 text-slate-500" aria-disabled>
              {isError ? "Search failed; try again." : isFetching ? "Searching…" : "No reporting host matches."}
            </li>
          )}
          {options.length >= HOST_SEARCH_LIMIT - 1 && <li className="px-3 py-1 text-xs text-slate-400">Type more to narrow the first {HOST_SEARCH_LIMIT}.</li>}
        </ul>
      )}
    </div>
  );
}

"use client";

import { HOST_SOURCES, parseHostSource, type HostSource } from "@/lib/core/host-source";
import { sourceLabel } from "@/components/host/source-note";

/** The hosts list's "Source" filter: hosts fed by one collector (the agent, an image, an import format), or any. */
export function SourceSelect({ value, onChange }: { value: HostSource | null; onChange: (source: HostSource | null) => void }) {
  return (
    <label className={`flex items-center gap-1.5 rounded-md border px-2.5 py-1.5 text-sm ${value ? "border-sky-300 bg-sky-50 text-sky-900" : "border-slate-300 bg-white"}`}>
      Source
      <select
        value={value ?? ""}
        onChange={(e) => onChange(parseHostSource(e.target.value))}
        className="bg-transparent text-sm focus:outline-none"
        data-testid="filter-source"
        title="Where the hosts' data comes from"
      >
        <option value="">any</option>
        {HOST_SOURCES.map((s) => (
          <option key={s} value={s}>
            {sourceLabel(s)}
          </option>
        ))}
      </select>
    </label>
  );
}

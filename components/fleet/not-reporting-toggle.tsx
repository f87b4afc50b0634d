"use client";

/** The hosts list's "Not reporting (N)" filter, styled like its Drifted and Snowflakes neighbours. */
export function NotReportingToggle({ checked, count, onChange }: { checked: boolean; count: number; onChange: (on: boolean) => void }) {
  return (
    <label
      className={`flex cursor-pointer select-none items-center gap-1.5 rounded-md border px-2.5 py-1.5 text-sm ${checked ? "border-red-300 bg-red-50 text-red-900" : "border-slate-300 bg-white"}`}
      title="Hosts not seen for longer than the fleet's reporting interval (rebuild policy page)"
    >
      <input type="checkbox" className="accent-red-600" checked={checked} onChange={(e) => onChange(e.target.checked)} data-testid="filter-not-reporting" />
      Not reporting <span className="text-xs text-slate-500">({count})</span>
    </label>
  );
}

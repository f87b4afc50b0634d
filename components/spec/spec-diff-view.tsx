/** A spec diff as lines: + added (green), - removed (red), ~ changed (amber). */
export function SpecDiffView({ lines, summary, testId = "spec-diff" }: { lines: string[]; summary: string; testId?: string }) {
  return (
    <div className="rounded-md border border-slate-200" data-testid={testId}>
      <p className="border-b border-slate-200 bg-slate-50 px-3 py-1.5 text-xs font-medium text-slate-700" data-testid="spec-diff-summary">
        {summary}
      </p>
      {lines.length > 0 && (
        <ul className="max-h-72 overflow-auto p-2 font-mono text-xs leading-relaxed">
          {lines.map((l, i) => (
            <li key={i} className={l.startsWith("+") ? "text-emerald-800" : l.startsWith("-") ? "text-red-700" : l.startsWith("~") ? "text-amber-800" : "text-slate-500"} data-testid="spec-diff-line">
              {l}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

import { CopyButton } from "./copy-button";

/** A shell snippet with a copy button; wraps long lines so it stays usable on a phone. */
export function CodeBlock({ code, label, testId }: { code: string; label?: string; testId?: string }) {
  return (
    <div className="overflow-hidden rounded-md border border-slate-800 bg-slate-900" data-testid={testId}>
      {label && <div className="border-b border-slate-800 px-3 py-1.5 text-xs text-slate-400">{label}</div>}
      <div className="flex items-start gap-2 p-3">
        <pre className="min-w-0 flex-1 whitespace-pre-wrap [overflow-wrap:anywhere] font-mono text-[13px] leading-relaxed text-slate-100">{code}</pre>
        <CopyButton text={code} />
      </div>
    </div>
  );
}

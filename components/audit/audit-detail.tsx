/**
 * An audit entry's detail: one line of compact JSON as the summary (cut by CSS, never by us), the whole value
 * pretty-printed when opened. A <details> element, so it opens with the keyboard and works before hydration.
 */
export function AuditDetail({ detail }: { detail: Record<string, unknown> | null }) {
  if (!detail) return null;
  const compact = JSON.stringify(detail);
  return (
    <details className="group" data-testid="audit-detail">
      <summary className="cursor-pointer list-none truncate text-slate-500 group-open:text-slate-700 [&::-webkit-details-marker]:hidden">
        <span aria-hidden className="mr-1 inline-block text-slate-400 transition-transform group-open:rotate-90">▸</span>
        {compact}
      </summary>
      <pre className="mt-1 max-h-96 overflow-auto whitespace-pre-wrap break-all rounded border border-slate-200 bg-slate-50 p-2 text-[11px] leading-snug text-slate-800" data-testid="audit-detail-json">
        {JSON.stringify(detail, null, 2)}
      </pre>
    </details>
  );
}

// Placeholders shown by the routes' loading.tsx while the server renders the page: the page's shape, greyed,
// announced once to screen readers, so a slow database reads as "loading" rather than as a frozen click.

export function Bone({ className = "" }: { className?: string }) {
  return <div aria-hidden className={`animate-pulse rounded-md bg-slate-200/80 ${className}`} />;
}

/** A card with a title bar and `rows` lines. */
export function CardSkeleton({ rows = 5, className = "" }: { rows?: number; className?: string }) {
  return (
    <div aria-hidden className={`rounded-lg border border-slate-200 bg-white ${className}`}>
      <div className="border-b border-slate-100 px-4 py-3">
        <Bone className="h-4 w-40" />
      </div>
      <div className="space-y-2.5 p-4">
        {Array.from({ length: rows }, (_, i) => (
          <Bone key={i} className={`h-3.5 ${i % 3 === 2 ? "w-2/3" : "w-full"}`} />
        ))}
      </div>
    </div>
  );
}

/** The whole route: a heading and the given body, with one status line for assistive technology. */
export function PageSkeleton({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="space-y-6" data-testid="page-skeleton">
      <p role="status" className="sr-only">
        Loading {label}…
      </p>
      <Bone className="h-3 w-48" />
      <Bone className="h-8 w-72" />
      {children}
    </div>
  );
}

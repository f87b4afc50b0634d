// The placeholder a page shows while its data loads (loading.tsx). Shaped like the page it stands for, so the
// layout does not jump when the data arrives; announced to screen readers once, as a busy region.
type Shape = "dashboard" | "table" | "detail" | "form";

const bar = "animate-pulse rounded bg-slate-200";

function Rows({ n }: { n: number }) {
  return (
    <div className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
      {Array.from({ length: n }, (_, i) => (
        <div key={i} className="flex items-center gap-4 px-4 py-3">
          <div className={`${bar} h-4 w-40`} />
          <div className={`${bar} h-4 flex-1`} />
          <div className={`${bar} h-4 w-16`} />
        </div>
      ))}
    </div>
  );
}

function Cards({ n }: { n: number }) {
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
      {Array.from({ length: n }, (_, i) => (
        <div key={i} className="rounded-lg border border-slate-200 bg-white p-4">
          <div className={`${bar} h-3 w-24`} />
          <div className={`${bar} mt-3 h-7 w-16`} />
        </div>
      ))}
    </div>
  );
}

export function PageSkeleton({ shape, label }: { shape: Shape; label: string }) {
  return (
    <div role="status" aria-busy="true" aria-live="polite" data-testid="page-loading" className="space-y-6">
      <span className="sr-only">Loading {label}…</span>
      <div className="space-y-2" aria-hidden="true">
        <div className={`${bar} h-3 w-48`} />
        <div className={`${bar} h-7 w-72`} />
      </div>
      <div aria-hidden="true" className="space-y-6">
        {shape === "dashboard" && <Cards n={4} />}
        {shape === "dashboard" && <div className={`${bar} h-64 w-full`} />}
        {shape === "detail" && <Cards n={3} />}
        {shape === "form" && <div className={`${bar} h-48 w-full`} />}
        {shape !== "form" && <Rows n={shape === "detail" ? 6 : 10} />}
      </div>
    </div>
  );
}

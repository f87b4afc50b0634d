"use client";

export function Pager({ page, pages, total, pageSize, onPage }: { page: number; pages: number; total: number; pageSize: number; onPage: (p: number) => void }) {
  if (pages <= 1) return null;
  const from = (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  const btn = "rounded border border-slate-300 bg-white px-2.5 py-1 text-sm disabled:opacity-40 hover:bg-slate-50";
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between gap-2 border-t border-slate-100 px-3 py-2 text-sm text-slate-600">
      <span>
        {from}–{to} of {total}
      </span>
      <span className="flex items-center gap-1">
        <button type="button" className={btn} disabled={page <= 1} onClick={() => onPage(1)} aria-label="First page">
          «
        </button>
        <button type="button" className={btn} disabled={page <= 1} onClick={() => onPage(page - 1)}>
          Previous
        </button>
        <span className="px-2 tabular-nums">
          {page} / {pages}
        </span>
        <button type="button" className={btn} disabled={page >= pages} onClick={() => onPage(page + 1)}>
          Next
        </button>
        <button type="button" className={btn} disabled={page >= pages} onClick={() => onPage(pages)} aria-label="Last page">
          »
        </button>
      </span>
    </nav>
  );
}

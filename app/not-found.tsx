import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Not found" };

export default function NotFound() {
  return (
    <div className="mx-auto max-w-xl py-16 text-center" data-testid="not-found">
      <p className="text-sm font-semibold text-slate-500">404</p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight">Nothing here</h1>
      <p className="mt-3 text-slate-600">
        That fleet or host does not exist (any more). Hosts are listed under their fleet; a host that was replaced from spec may have
        come back under a new name.
      </p>
      <div className="mt-6 flex justify-center gap-3 text-sm">
        <Link href="/" className="rounded-md bg-slate-900 px-3 py-2 font-medium text-white hover:bg-slate-700">
          Go to the overview
        </Link>
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a JSON route, not a page: a full load is the point */}
        <a href="/api/v1/fleets" className="rounded-md border border-slate-300 bg-white px-3 py-2 font-medium hover:bg-slate-50">
          List fleets (API)
        </a>
      </div>
    </div>
  );
}

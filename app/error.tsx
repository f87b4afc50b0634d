"use client";

import Link from "next/link";

// Server errors reach the browser without their message in production (only a digest), which is what we want:
// database messages can leak schema and data. The digest matches the line in the server log.
export default function ErrorPage({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return (
    <div className="mx-auto max-w-xl py-16 text-center" data-testid="error-page">
      <title>Something went wrong · Fleetprint</title>
      <p className="text-sm font-semibold text-red-600">Error</p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight">This page could not be loaded</h1>
      <p className="mt-3 text-slate-600">
        The server hit a problem while reading fleet data. It is often transient (the database starting up or busy): try again. If it
        persists, the server log has the cause{error.digest ? "" : "."}
        {error.digest && (
          <>
            {" "}
            under digest <code className="font-mono text-sm">{error.digest}</code>.
          </>
        )}
      </p>
      <div className="mt-6 flex justify-center gap-3 text-sm">
        <button type="button" onClick={() => retry()} className="rounded-md bg-slate-900 px-3 py-2 font-medium text-white hover:bg-slate-700">
          Try again
        </button>
        <Link href="/" className="rounded-md border border-slate-300 bg-white px-3 py-2 font-medium hover:bg-slate-50">
          Overview
        </Link>
      </div>
    </div>
  );
}

"use client";

import { useState } from "react";
import { RequestRebuildForm } from "@/components/rebuilds/request-rebuild-form";

/**
 * "Request rebuild…" on the host page: the fleet page's request form (reason, downgrade confirmation, approval)
 * with this host as the selection. `clean`: the host has no drift, which the form warns about.
 */
export function RequestRebuildButton({ fleet, hostname, clean }: { fleet: string; hostname: string; clean: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <span className="relative">
      <button
        type="button"
        onClick={() => setOpen(!open)}
        aria-expanded={open}
        className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700"
        data-testid="host-request-rebuild"
      >
        Request rebuild…
      </button>
      {open && (
        <div className="absolute right-0 z-30 mt-2 w-[min(32rem,calc(100vw-2rem))] overflow-hidden rounded-md border border-slate-200 bg-white shadow-lg">
          <RequestRebuildForm fleet={fleet} hosts={[hostname]} clean={clean ? [hostname] : []} onClose={() => setOpen(false)} />
        </div>
      )}
    </span>
  );
}

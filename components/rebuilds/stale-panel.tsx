"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/server/action-result";
import { roleAtLeast } from "@/model/roles";
import type { DecidableRequest, Viewer } from "./decision-form";
import { useRebuildActions } from "./rebuild-actions";

/**
 * A stale request would act on machines that are no longer what the requester saw. Approving it is refused (409);
 * the way on is a fresh request for the same hosts against today's spec and fingerprints.
 */
export function StalePanel({ request: r, message, me }: { request: DecidableRequest; message: string; me: Viewer }) {
  const { requestRebuild } = useRebuildActions();
  const [result, request, pending] = useActionState<ActionResult<string> | null, FormData>(requestRebuild, null);
  const reason = `Fresh request replacing stale ${r.id.slice(0, 8)}: ${r.reason}`.slice(0, 2000);
  return (
    <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2.5 text-sm text-amber-950" data-testid="stale">
      <p className="font-semibold">This request is stale — request a fresh one.</p>
      <p className="mt-0.5 text-amber-900">{message}</p>
      {roleAtLeast(me.role, "operator") && (
        <form action={request} className="mt-2 flex flex-wrap items-center gap-2">
          <input type="hidden" name="fleet" value={r.fleet} />
          <input type="hidden" name="reason" value={reason} />
          <input type="hidden" name="replaces" value={r.id} />
          {r.downgrades.length > 0 && (
            <label className="flex items-center gap-1.5 text-xs font-medium text-red-800">
              <input type="checkbox" name="confirmDowngrades" className="accent-red-700" data-testid="re-request-confirm-downgrades" />
              downgrades confirmed
            </label>
          )}
          {r.hosts.map((h) => (
            <input key={h} type="hidden" name="hosts" value={h} />
          ))}
          <button type="submit" disabled={pending} className="rounded-md bg-amber-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-amber-600 disabled:opacity-60" data-testid="re-request">
            {pending ? "Requesting…" : `Request a fresh rebuild of ${r.hosts.length === 1 ? "this host" : `these ${r.hosts.length} hosts`}`}
          </button>
          {result && !result.ok && <span className="text-red-700">{result.error}</span>}
        </form>
      )}
    </div>
  );
}

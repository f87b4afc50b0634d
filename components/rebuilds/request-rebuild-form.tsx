"use client";

import { useActionState, useState } from "react";
import type { ActionResult } from "@/lib/server/action-result";
import { useRebuildActions } from "./rebuild-actions";

const MAX_LISTED = 12;

/** Reason for the approvers, then POST through the server action; on success the action opens the request page. */
export function RequestRebuildForm({ fleet, hosts, clean = [], onClose }: { fleet: string; hosts: string[]; clean?: string[]; onClose: () => void }) {
  const { requestRebuild } = useRebuildActions();
  const [result, request, pending] = useActionState<ActionResult<string> | null, FormData>(requestRebuild, null);
  // Kept in state: React resets a form after its action, and a refused request (a downgrade to confirm) must not lose it.
  const [reason, setReason] = useState("");
  // The server refuses a rebuild that moves packages backwards until the requester confirms it.
  const downgrades = result && !result.ok && /ahead of the spec/.test(result.error);
  return (
    <form action={request} className="space-y-3 border-b border-slate-100 bg-blue-50/40 px-3 py-3" data-testid="request-rebuild-form">
      <input type="hidden" name="fleet" value={fleet} />
      {hosts.map((h) => (
        <input key={h} type="hidden" name="hosts" value={h} />
      ))}
      <div className="text-sm text-slate-700">
        Rebuild <strong>{hosts.length === 1 ? "1 host" : `${hosts.length} hosts`}</strong> of {fleet} from the fleet&apos;s current spec:{" "}
        <span className="font-mono text-xs text-slate-600">
          {hosts.slice(0, MAX_LISTED).join(", ")}
          {hosts.length > MAX_LISTED && ` and ${hosts.length - MAX_LISTED} more`}
        </span>
      </div>
      <label className="block text-sm font-medium text-slate-700">
        Reason <span className="font-normal text-slate-500">(approvers read this)</span>
        <textarea
          name="reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
          minLength={3}
          maxLength={2000}
          rows={2}
          autoFocus
          placeholder="e.g. php.ini edited by hand during the incident on Tuesday; bring them back to spec"
          className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm font-normal focus:border-blue-500 focus:outline-none focus:ring-2 focus:ring-blue-100"
          data-testid="rebuild-reason"
        />
      </label>
      {clean.length > 0 && (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="no-drift-warning">
          {clean.length === 1 ? `${clean[0]} has` : `${clean.slice(0, MAX_LISTED).join(", ")}${clean.length > MAX_LISTED ? ` and ${clean.length - MAX_LISTED} more` : ""} have`} no drift
          against the current spec: a rebuild would replace {clean.length === 1 ? "it" : "them"} with what {clean.length === 1 ? "it already is" : "they already are"}.
        </p>
      )}
      {downgrades && (
        <label className="flex items-center gap-2 text-sm font-medium text-red-800">
          <input type="checkbox" name="confirmDowngrades" className="accent-red-700" data-testid="request-confirm-downgrades" />
          Request it anyway: I want these packages downgraded to the spec&apos;s versions
        </label>
      )}
      {result && !result.ok && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="request-error">
          {result.error}
        </p>
      )}
      <div className="flex items-center gap-2">
        <button type="submit" disabled={pending || hosts.length === 0} className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60" data-testid="submit-rebuild">
          {pending ? "Requesting…" : "Request rebuild"}
        </button>
        <button type="button" onClick={onClose} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50">
          Cancel
        </button>
        <span className="text-xs text-slate-500">Needs another person&apos;s approval before anything runs.</span>
      </div>
    </form>
  );
}

"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/server/action-result";

type Action<T> = (prev: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;

const button = "rounded-md border border-red-200 bg-white px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50 disabled:opacity-60";

/**
 * Admin-only: revoke the host's key (it must enroll again) or delete the host with its history. Both ask first and
 * are audited. The server actions arrive as props (components never import app/).
 */
export function HostAdminActions({
  fleet,
  hostname,
  keyRevoked,
  revokeKey,
  deleteHost,
}: {
  fleet: string;
  hostname: string;
  keyRevoked: boolean;
  revokeKey: Action<{ keyRevokedAt: string }>;
  deleteHost: Action<undefined>;
}) {
  const [revoked, revoke, revoking] = useActionState(revokeKey, null);
  const [deleted, remove, removing] = useActionState(deleteHost, null);
  const problem = [revoked, deleted].find((r) => r && !r.ok);
  return (
    <div className="flex flex-col items-end gap-1" data-testid="host-admin-actions">
      <div className="flex gap-2">
        {!keyRevoked && (
          <ConfirmForm action={revoke} pending={revoking} testId="revoke-key" label="Revoke key" busy="Revoking…" fleet={fleet} hostname={hostname}
            question={`Revoke the key of ${hostname}? Its next report gets 401 until it enrolls again.`} />
        )}
        <ConfirmForm action={remove} pending={removing} testId="delete-host" label="Delete host" busy="Deleting…" fleet={fleet} hostname={hostname}
          question={`Delete ${hostname} and its history from ${fleet}? The audit log keeps a record.`} />
      </div>
      {problem && !problem.ok && (
        <p role="alert" className="text-xs text-red-700">
          {problem.error}
        </p>
      )}
    </div>
  );
}

/** One host action behind a confirmation: the form posts the fleet and hostname to the server action. */
function ConfirmForm(p: { action: (form: FormData) => void; pending: boolean; question: string; testId: string; label: string; busy: string; fleet: string; hostname: string }) {
  return (
    <form action={p.action} onSubmit={(e) => !confirm(p.question) && e.preventDefault()}>
      <input type="hidden" name="fleet" value={p.fleet} />
      <input type="hidden" name="hostname" value={p.hostname} />
      <button type="submit" disabled={p.pending} className={button} data-testid={p.testId}>
        {p.pending ? p.busy : p.label}
      </button>
    </form>
  );
}

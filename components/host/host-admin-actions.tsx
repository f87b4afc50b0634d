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
          <form action={revoke} onSubmit={(e) => !confirm(`Revoke the key of ${hostname}? Its next report gets 401 until it enrolls again.`) && e.preventDefault()}>
            <input type="hidden" name="fleet" value={fleet} />
            <input type="hidden" name="hostname" value={hostname} />
            <button type="submit" disabled={revoking} className={button} data-testid="revoke-key">
              {revoking ? "Revoking…" : "Revoke key"}
            </button>
          </form>
        )}
        <form action={remove} onSubmit={(e) => !confirm(`Delete ${hostname} and its history from ${fleet}? The audit log keeps a record.`) && e.preventDefault()}>
          <input type="hidden" name="fleet" value={fleet} />
          <input type="hidden" name="hostname" value={hostname} />
          <button type="submit" disabled={removing} className={button} data-testid="delete-host">
            {removing ? "Deleting…" : "Delete host"}
          </button>
        </form>
      </div>
      {problem && !problem.ok && (
        <p role="alert" className="text-xs text-red-700">
          {problem.error}
        </p>
      )}
    </div>
  );
}

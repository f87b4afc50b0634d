"use client";

import { useActionState } from "react";
import type { Role } from "@/lib/server/principal";
import type { PolicyChangeView } from "@/lib/services/list-policy-changes";
import { Badge, type Tone } from "@/components/ui/badge";
import { formatDateTime } from "@/components/format";
import { Card, CardHeader } from "@/components/ui/stat";
import { decidePolicyChangeAction } from "./actions";

const TONE: Record<string, Tone> = { pending: "amber", applied: "green", rejected: "red", superseded: "neutral" };
const btn = "rounded-md px-3 py-1.5 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50";

interface Props {
  fleet: string;
  pending: PolicyChangeView[];
  recent: PolicyChangeView[];
  me: { userId: string; role: Role };
  /** Active admins, for admins only (null otherwise): a lone admin is told why nobody can approve. */
  admins: number | null;
}

/** Pending policy changes with their decision buttons, then the policy's latest history. */
export function PolicyChanges({ fleet, pending, recent, me, admins }: Props) {
  return (
    <>
      {pending.length > 0 && (
        <Card testId="pending-policy-changes">
          <CardHeader title="Waiting for a second admin" />
          <ul className="divide-y divide-slate-100">
            {pending.map((c) => (
              <PendingChange key={c.id} fleet={fleet} change={c} me={me} admins={admins} />
            ))}
          </ul>
        </Card>
      )}
      {recent.length > 0 && (
        <Card testId="policy-history">
          <CardHeader title="Recent policy changes" />
          <ul className="divide-y divide-slate-100 text-sm">
            {recent.map((c) => (
              <li key={c.id} className="flex flex-wrap items-start justify-between gap-2 px-4 py-2" data-testid="policy-history-row" data-status={c.status}>
                <span className="text-slate-800">{c.lines.join(" · ") || "No change"}</span>
                <span className="text-xs text-slate-500">
                  <Badge tone={TONE[c.status]}>{c.appliedAtOnce ? "applied at once" : c.status}</Badge> requested by {c.requestedBy.name}
                  {c.decidedBy && !c.appliedAtOnce ? `, ${c.status} by ${c.decidedBy.name}` : ""} · {formatDateTime(c.decidedAt ?? c.requestedAt)}
                </span>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}

function PendingChange({ fleet, change: c, me, admins }: { fleet: string; change: PolicyChangeView; me: Props["me"]; admins: number | null }) {
  const [result, decide, deciding] = useActionState(decidePolicyChangeAction, null);
  const mine = c.requestedBy.id === me.userId;
  const isAdmin = me.role === "admin";
  return (
    <li className="space-y-2 px-4 py-3" data-testid="pending-policy-change" data-id={c.id}>
      <ul className="list-inside list-disc text-sm text-slate-900">
        {c.lines.map((l) => (
          <li key={l} className="break-words">
            {l}
          </li>
        ))}
      </ul>
      <p className="text-xs text-slate-500">
        Requested by {c.requestedBy.name} · {formatDateTime(c.requestedAt)}
      </p>
      {mine ? (
        <p className="text-sm text-amber-800" data-testid="waiting-for-admin">
          Waiting for another admin to approve your change.
          {admins !== null && admins < 2 && " This deployment has only one active admin: create a second admin (People) who approves it, or withdraw it."}
        </p>
      ) : !isAdmin ? (
        <p className="text-sm text-slate-600">Waiting for an admin other than {c.requestedBy.name} to approve it.</p>
      ) : null}
      {isAdmin && (
        <form action={decide} className="flex flex-wrap items-center gap-2">
          <input type="hidden" name="fleet" value={fleet} />
          <input type="hidden" name="id" value={c.id} />
          {!mine && (
            <button type="submit" name="decision" value="approve" disabled={deciding} className={`${btn} bg-emerald-700 text-white`}>
              Approve
            </button>
          )}
          <button type="submit" name="decision" value="reject" disabled={deciding} className={`${btn} border border-slate-300 text-slate-700`}>
            {mine ? "Withdraw" : "Reject"}
          </button>
          {result && !result.ok && (
            <span role="alert" className="text-sm text-red-700">
              {result.error}
            </span>
          )}
        </form>
      )}
    </li>
  );
}

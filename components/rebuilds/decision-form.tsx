"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { describeDowngrades, type Downgrade } from "@/lib/core/downgrades";
import type { ActionResult } from "@/lib/server/action-result";
import { roleAtLeast, type Role } from "@/model/roles";
import { PENDING_COUNT_KEY } from "./nav-links";
import { useRebuildActions, type Decision } from "./rebuild-actions";
import { StalePanel } from "./stale-panel";
import { isFinal, type RequestStatus } from "./status";

export interface Viewer {
  userId: string;
  role: Role;
}

export interface DecidableRequest {
  id: string;
  status: RequestStatus;
  requestedById: string;
  fleet: string;
  reason: string;
  hosts: string[];
  message: string | null;
  downgrades: Downgrade[];
}

const btn = "rounded-md px-3 py-1.5 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50";
export const SECOND_PERSON = "You requested this rebuild: a second person must approve it.";

/**
 * Approve (optional comment) / Reject (comment required) for approvers, Cancel for the requester or an admin.
 * The requester sees the buttons disabled with the reason, so nobody wonders where they went.
 */
export function DecisionForm({ request: r, me, onDecided, openOnApprove = false }: { request: DecidableRequest; me: Viewer; onDecided?: (d: Decision) => void; openOnApprove?: boolean }) {
  const queryClient = useQueryClient();
  const { decideRebuild } = useRebuildActions();
  const [result, decide, pending] = useActionState<ActionResult<Decision> | null, FormData>(decideRebuild, null);
  const [localError, setLocalError] = useState<string | null>(null);
  const comment = useRef<HTMLTextAreaElement>(null);
  // Kept in state: React resets a form after its action, and a refused approval (a downgrade to confirm) must not lose it.
  const [text, setText] = useState("");
  const isRequester = r.requestedById === me.userId;
  const canDecide = roleAtLeast(me.role, "approver") && !isRequester;
  const canCancel = (isRequester || me.role === "admin") && !isFinal(r.status);
  const why = isRequester ? SECOND_PERSON : !roleAtLeast(me.role, "approver") ? `Needs role approver; you are ${me.role}.` : undefined;

  useEffect(() => {
    if (!result?.ok) return;
    void queryClient.invalidateQueries({ queryKey: PENDING_COUNT_KEY });
    onDecided?.(result.value);
  }, [result]); // eslint-disable-line react-hooks/exhaustive-deps -- once per answer, not when the parent re-renders with new callbacks

  const stale = result?.ok && result.value.status === "stale" ? result.value.message : r.message?.startsWith("Stale:") ? r.message : null;
  if (r.status !== "pending" && !canCancel) return null;

  return (
    <div className="space-y-2" data-testid="decision">
      {stale && r.status === "pending" && <StalePanel request={r} message={stale} me={me} />}
      <form
        action={decide}
        onSubmit={(e) => {
          const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
          setLocalError(null);
          if (submitter?.value === "reject" && (comment.current?.value.trim().length ?? 0) < 3) {
            e.preventDefault();
            setLocalError("Say why you reject it: a comment is required (at least 3 characters).");
            comment.current?.focus();
          } else if (submitter?.value === "cancel" && !window.confirm("Cancel this rebuild request? Hosts already being rebuilt finish; nothing new starts.")) {
            e.preventDefault();
          }
        }}
        className="space-y-2"
      >
        <input type="hidden" name="id" value={r.id} />
        {openOnApprove && <input type="hidden" name="open" value="1" />}
        {r.status === "pending" && r.downgrades.length > 0 && (
          <div className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="downgrade-warning">
            <p>
              This rebuild <strong>{describeDowngrades(r.downgrades, 5)}</strong>: those hosts run newer packages than the spec (often security
              fixes installed since it was written).
            </p>
            {canDecide && (
              <label className="mt-1 flex items-center gap-2 text-xs font-medium">
                <input type="checkbox" name="confirmDowngrades" className="accent-red-700" data-testid="confirm-downgrades" />
                I have read this and approve the downgrade
              </label>
            )}
          </div>
        )}
        {r.status === "pending" && canDecide && (
          <label className="block text-xs font-medium text-slate-600">
            Comment <span className="font-normal text-slate-500">(optional to approve, required to reject)</span>
            <textarea
              ref={comment}
              name="comment"
              value={text}
              onChange={(e) => setText(e.target.value)}
              rows={2}
              maxLength={2000}
              className="mt-1 block w-full rounded-md border border-slate-300 px-2.5 py-1.5 text-sm font-normal focus:border-blue-500 focus:outline-none focus:ring-2 focus:ring-blue-100"
              data-testid="decision-comment"
            />
          </label>
        )}
        <div className="flex flex-wrap items-center gap-2">
          {r.status === "pending" && (
            <>
              <span title={why}>
                <button type="submit" name="decision" value="approve" disabled={!canDecide || pending} className={`${btn} bg-emerald-700 text-white hover:bg-emerald-600`} data-testid="approve">
                  Approve
                </button>
              </span>
              <span title={why}>
                <button type="submit" name="decision" value="reject" disabled={!canDecide || pending} className={`${btn} border border-red-300 bg-white text-red-700 hover:bg-red-50`} data-testid="reject">
                  Reject
                </button>
              </span>
            </>
          )}
          {canCancel && (
            <button type="submit" name="decision" value="cancel" disabled={pending} className={`${btn} border border-slate-300 bg-white text-slate-700 hover:bg-slate-50`} data-testid="cancel">
              Cancel request
            </button>
          )}
          {pending && <span className="text-xs text-slate-500">Saving…</span>}
        </div>
        {r.status === "pending" && why && (
          <p className="text-xs text-slate-500" data-testid="decision-hint">
            {why}
          </p>
        )}
        {(localError || (result && !result.ok)) && (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="decision-error">
            {localError ?? (result && !result.ok ? result.error : "")}
          </p>
        )}
        {result?.ok && result.value.status === "pending" && (
          <p role="status" className="text-sm text-emerald-700" data-testid="decision-ok">
            Approval recorded: {result.value.approvals} of {result.value.needed}; waiting for {result.value.needed - result.value.approvals} more.
          </p>
        )}
      </form>
    </div>
  );
}

"use client";

import { useActionState } from "react";
import type { ChannelView } from "@/lib/services/list-alert-channels";
import type { FormAction } from "@/components/form-action";
import { Badge } from "@/components/ui/badge";
import { KIND_LABELS, formatWindow } from "./labels";

/** The outcome of a test delivery, as app/fleets/[name]/alerts/actions.ts answers it. */
export type TestOutcome = { status: string; lastStatus: number | null; lastError: string | null };

/** The alert page's server actions, handed down by the page (components/ never imports app/). */
export interface ChannelActions {
  test: FormAction<TestOutcome>;
  setEnabled: FormAction;
  remove: FormAction;
}

const button = "rounded-md border px-2.5 py-1 text-xs font-medium disabled:opacity-60";

export function ChannelList({ fleet, channels, canEdit, actions }: { fleet: string; channels: ChannelView[]; canEdit: boolean; actions: ChannelActions }) {
  if (channels.length === 0) {
    return (
      <p className="p-4 text-sm text-slate-500" data-testid="no-channels">
        No alert channel yet: nobody hears about this fleet&apos;s drift.{canEdit ? " Add a webhook below." : " An admin can add one."}
      </p>
    );
  }
  return (
    <ul className="divide-y divide-slate-100">
      {channels.map((c) => (
        <ChannelRow key={c.id} fleet={fleet} channel={c} canEdit={canEdit} actions={actions} />
      ))}
    </ul>
  );
}

function ChannelRow({ fleet, channel: c, canEdit, actions }: { fleet: string; channel: ChannelView; canEdit: boolean; actions: ChannelActions }) {
  const [tested, test, testing] = useActionState(actions.test, null);
  const [toggled, toggle, toggling] = useActionState(actions.setEnabled, null);
  const [deleted, remove, removing] = useActionState(actions.remove, null);
  const problem = [toggled, deleted].find((r) => r && !r.ok);
  return (
    <li className="space-y-2 px-4 py-3" data-testid="channel-row" data-name={c.name}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{c.name}</span>
        <Badge tone={c.kind === "slack" ? "violet" : "blue"}>{c.kind === "slack" ? "Slack-compatible" : "generic JSON"}</Badge>
        {!c.enabled && <Badge tone="neutral">disabled</Badge>}
        <span className="text-xs text-slate-500">{c.groupSeconds === 0 ? "sent as they happen" : `one message per ${formatWindow(c.groupSeconds)}`}</span>
        {canEdit && (
          <div className="ml-auto flex gap-2">
            <form action={test}>
              <input type="hidden" name="fleet" value={fleet} />
              <input type="hidden" name="id" value={c.id} />
              <button type="submit" disabled={testing} className={`${button} border-slate-300 bg-white text-slate-800 hover:bg-slate-50`}>
                {testing ? "Sending…" : "Send test"}
              </button>
            </form>
            <form action={toggle}>
              <input type="hidden" name="fleet" value={fleet} />
              <input type="hidden" name="id" value={c.id} />
              <input type="hidden" name="enabled" value={String(!c.enabled)} />
              <button type="submit" disabled={toggling} className={`${button} border-slate-300 bg-white text-slate-800 hover:bg-slate-50`}>
                {c.enabled ? "Disable" : "Enable"}
              </button>
            </form>
            <form action={remove} onSubmit={(e) => !confirm(`Delete “${c.name}” and its delivery log?`) && e.preventDefault()}>
              <input type="hidden" name="fleet" value={fleet} />
              <input type="hidden" name="id" value={c.id} />
              <button type="submit" disabled={removing} className={`${button} border-red-200 bg-white text-red-700 hover:bg-red-50`}>
                Delete
              </button>
            </form>
          </div>
        )}
      </div>
      <p className="text-xs text-slate-600">
        POST to <code className="font-mono">{c.url ?? `$${c.urlEnv}`}</code>
        {c.secretEnv ? (
          <>
            {" "}
            · signed with <code className="font-mono">${c.secretEnv}</code>
          </>
        ) : null}
      </p>
      <div className="flex flex-wrap gap-1">
        {c.events.map((k) => (
          <Badge key={k} tone="neutral">
            {KIND_LABELS[k]}
          </Badge>
        ))}
      </div>
      {tested && (
        <p role="status" data-testid="test-result" className={`rounded-md border px-3 py-2 text-xs ${tested.ok && tested.value.status === "delivered" ? "border-emerald-200 bg-emerald-50 text-emerald-800" : "border-red-200 bg-red-50 text-red-700"}`}>
          {!tested.ok ? tested.error : tested.value.status === "delivered" ? `Test message delivered (HTTP ${tested.value.lastStatus}).` : `Test message failed: ${tested.value.lastError}`}
        </p>
      )}
      {problem && !problem.ok && <p className="text-xs text-red-700">{problem.error}</p>}
    </li>
  );
}

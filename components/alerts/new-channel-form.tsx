"use client";

import { startTransition, useActionState, useEffect, useRef, useState, type FormEvent } from "react";
import { ALERT_KINDS } from "@/lib/core/alert-kinds";
import type { FormAction } from "@/components/form-action";
import { EVENT_HINTS, KIND_LABELS } from "./labels";

const input = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-blue-500 focus:outline-none focus:ring-2 focus:ring-blue-200";
const label = "block text-sm font-medium text-slate-700";

/** `warnings`: named environment variables not set on this server (saved anyway; see lib/core/env-check.ts). */
export type CreatedChannel = { name: string; warnings: string[] };

/** `create`: the page's server action (app/fleets/[name]/alerts/actions.ts), handed down as a prop. */
export function NewChannelForm({ fleet, create: createAction }: { fleet: string; create: FormAction<CreatedChannel> }) {
  const [result, create, creating] = useActionState(createAction, null);
  const [kind, setKind] = useState<"generic" | "slack">("generic");
  const form = useRef<HTMLFormElement>(null);
  // Submitted by hand rather than through `action`, which resets the form after every submission: a refused
  // channel keeps what was typed, an added one clears the form.
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    startTransition(() => create(data));
  };
  useEffect(() => {
    if (!result?.ok) return;
    form.current?.reset();
    setKind("generic"); // eslint-disable-line react-hooks/set-state-in-effect -- the reset answers the server's reply, which arrives only as this state
  }, [result]);
  return (
    <form ref={form} onSubmit={submit} className="space-y-4 p-4" data-testid="new-channel">
      <input type="hidden" name="fleet" value={fleet} />
      <div className="grid gap-4 sm:grid-cols-2">
        <label className={label}>
          Name
          <input name="name" required maxLength={100} placeholder="e.g. ops-chat" className={input} />
        </label>
        <label className={label}>
          Format
          <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as "generic" | "slack")} className={input}>
            <option value="generic">Generic JSON (signed)</option>
            <option value="slack">Slack-compatible incoming webhook</option>
          </select>
        </label>
        <label className={label}>
          URL, or the environment variable holding it
          <input name="target" required placeholder={kind === "slack" ? "SLACK_OPS_WEBHOOK_URL" : "https://hooks.example.com/fleetprint"} className={`${input} font-mono`} />
          <span className="mt-1 block text-xs font-normal text-slate-500">
            {kind === "slack" ? "A Slack webhook URL is a secret: set it in the server environment and name the variable here." : "Or the name of an environment variable, when the URL carries a token."}
          </span>
        </label>
        <label className={label}>
          Signing secret variable{kind === "slack" ? " (optional)" : ""}
          <input name="secretEnv" required={kind === "generic"} placeholder="FLEET_ALERT_SECRET" className={`${input} font-mono`} />
          <span className="mt-1 block text-xs font-normal text-slate-500">
            Names an environment variable; the receiver checks <code className="font-mono">X-Fleetprint-Signature</code> (HMAC-SHA256 of “timestamp.body”).
          </span>
        </label>
      </div>
      <fieldset>
        <legend className={label}>Events</legend>
        <div className="mt-1 grid gap-2 sm:grid-cols-2">
          {ALERT_KINDS.map((k) => (
            <label key={k} className="flex items-start gap-2 text-sm text-slate-700">
              <input type="checkbox" name="events" value={k} defaultChecked className="mt-0.5" />
              <span>
                {KIND_LABELS[k]}
                <span className="block text-xs text-slate-500">{EVENT_HINTS[k]}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="flex flex-wrap items-end gap-4">
        <label className={label}>
          Group events for (seconds)
          <input name="groupSeconds" type="number" min={0} max={86400} defaultValue={60} className={`${input} w-32`} />
        </label>
        <p className="max-w-md flex-1 text-xs text-slate-500">Everything that happens in one window goes out as one message: 500 hosts drifting at once make one alert, not 500.</p>
        <button type="submit" disabled={creating} className="rounded-md bg-slate-900 px-3 py-2 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60">
          Add channel
        </button>
      </div>
      {result && !result.ok && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {result.error}
        </p>
      )}
      {result?.ok && (
        <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Added “{result.value.name}”. Send it a test message to check the receiver.
        </p>
      )}
      {result?.ok && result.value.warnings.length > 0 && (
        <ul role="alert" className="space-y-1 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="channel-warnings">
          {result.value.warnings.map((w) => (
            <li key={w}>⚠ {w}</li>
          ))}
        </ul>
      )}
    </form>
  );
}

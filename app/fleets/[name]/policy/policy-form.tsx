"use client";

import { startTransition, useActionState, type FormEvent } from "react";
import { REPORTING_INTERVAL_MAX, REPORTING_INTERVAL_MIN } from "@/lib/core/reporting";
import { SNOWFLAKE_THRESHOLD as SNOWFLAKE_DEFAULT, SNOWFLAKE_THRESHOLD_MAX, SNOWFLAKE_THRESHOLD_MIN } from "@/lib/core/snowflake";
import { setPolicyAction } from "./actions";

const input = "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-blue-500 focus:outline-none focus:ring-2 focus:ring-blue-200";
const label = "block text-sm font-medium text-slate-700";

export interface PolicyValues {
  approvalsRequired: number;
  autoRebuild: boolean;
  batchSize: number;
  canary: boolean;
  requestTtlHours: number;
  verifyMinutes: number;
  rebuildAttempts: number;
  provider: unknown;
  reportingIntervalMinutes: number;
  snowflakeThreshold: number | null;
  collectContent: boolean;
}

/** The whole policy in one form; the server splits what applies now from what waits for a second admin. */
export function PolicyForm({ fleet, policy }: { fleet: string; policy: PolicyValues }) {
  const [result, save, saving] = useActionState(setPolicyAction, null);
  const initialProvider = policy.provider ? JSON.stringify(policy.provider, null, 2) : "";
  // Submitted by hand: `action` would reset the fields, and a refused change should keep what was typed.
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    // An untouched provider is not sent: one set outside the form (the demo's) need not pass the form's rules.
    if (data.get("provider") === initialProvider) data.delete("provider");
    startTransition(() => save(data));
  };
  const number = (name: keyof PolicyValues, text: string, min: number, max: number) => (
    <label className={label}>
      {text}
      <input type="number" name={name} min={min} max={max} required defaultValue={String(policy[name])} className={input} />
    </label>
  );
  return (
    <form onSubmit={submit} className="space-y-4 p-4" data-testid="policy-form">
      <input type="hidden" name="fleet" value={fleet} />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {number("approvalsRequired", "Approvals a rebuild needs", 1, 10)}
        {number("batchSize", "Batch size", 1, 1000)}
        {number("requestTtlHours", "Requests expire after (hours)", 1, 720)}
        {number("verifyMinutes", "Verification window (minutes)", 1, 1440)}
        {number("rebuildAttempts", "Provider attempts per host", 1, 10)}
        {number("reportingIntervalMinutes", `Not reporting after (minutes, ${REPORTING_INTERVAL_MIN} … ${REPORTING_INTERVAL_MAX})`, REPORTING_INTERVAL_MIN, REPORTING_INTERVAL_MAX)}
        <label className={label}>
          Snowflake threshold (empty: default {SNOWFLAKE_DEFAULT})
          <input type="number" name="snowflakeThreshold" min={SNOWFLAKE_THRESHOLD_MIN} max={SNOWFLAKE_THRESHOLD_MAX} step={0.1} defaultValue={policy.snowflakeThreshold ?? ""} placeholder={String(SNOWFLAKE_DEFAULT)} className={input} data-testid="policy-threshold-input" />
        </label>
      </div>
      <div className="flex flex-wrap gap-6 text-sm text-slate-700">
        <label className="flex items-center gap-2">
          <input type="checkbox" name="canary" defaultChecked={policy.canary} /> Canary first
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="autoRebuild" defaultChecked={policy.autoRebuild} /> Rebuild automatically on a new spec version (immutable fleets)
        </label>
        <label className="flex items-center gap-2" title="Agents send small world-readable text config files (never shadow files or private keys), so drift shows a line diff">
          <input type="checkbox" name="collectContent" defaultChecked={policy.collectContent} data-testid="policy-collect-content" /> Collect config file content (line diffs)
        </label>
      </div>
      <label className={label}>
        Rebuild provider (JSON; empty for none)
        <textarea
          name="provider"
          rows={6}
          defaultValue={initialProvider}
          placeholder='{"kind": "webhook", "url": "https://ci.example.com/hooks/fleetprint", "secretEnv": "CI_HOOK_SECRET"}'
          className={`${input} font-mono text-xs`}
          data-testid="policy-provider-input"
        />
      </label>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={saving} className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50">
          {saving ? "Saving…" : "Save policy"}
        </button>
        {result && (
          <p role="status" data-testid="policy-result" className={`text-sm ${result.ok ? "text-slate-700" : "text-red-700"}`}>
            {!result.ok ? result.error : result.value.pending ? result.value.message : "Saved: the policy is in effect."}
          </p>
        )}
      </div>
    </form>
  );
}

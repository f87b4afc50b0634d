"use client";

import { useActionState } from "react";
import { CodeBlock } from "@/components/ui/code-block";
import { Card, CardHeader } from "@/components/ui/stat";
import { formatDateTime, timeAgo } from "@/components/format";
import { createTokenAction, revokeTokenAction } from "./actions";

interface TokenView {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

const button = "rounded-md px-3 py-1.5 text-sm font-medium disabled:opacity-60";

export function TokensClient({ tokens, now, origin }: { tokens: TokenView[]; now: string; origin: string }) {
  const [created, create, creating] = useActionState(createTokenAction, null);
  return (
    <>
      <Card testId="create-token">
        <CardHeader title="New token" />
        <form action={create} className="flex flex-wrap items-end gap-3 p-4">
          <label className="min-w-0 flex-1 text-sm font-medium text-slate-700">
            Name
            <input
              name="name"
              required
              maxLength={100}
              placeholder="e.g. ci-deploy"
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-blue-500 focus:outline-none focus:ring-2 focus:ring-blue-200"
            />
          </label>
          <button type="submit" disabled={creating} className={`${button} bg-slate-900 text-white hover:bg-slate-700`}>
            Create token
          </button>
        </form>
        {created && !created.ok && (
          <p role="alert" className="mx-4 mb-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
            {created.error}
          </p>
        )}
        {created?.ok && (
          <div className="space-y-2 border-t border-slate-100 p-4" data-testid="new-token">
            <p className="text-sm text-amber-800">
              <strong>Copy it now:</strong> “{created.value.name}” will not be shown again.
            </p>
            <CodeBlock code={created.value.token} testId="new-token-value" />
            <CodeBlock label="Try it" code={`curl -H "Authorization: Bearer ${created.value.token}" ${origin}/api/v1/fleets`} />
          </div>
        )}
      </Card>

      <Card testId="token-list">
        <CardHeader title={`Your tokens (${tokens.length})`} />
        {tokens.length === 0 ? (
          <p className="p-4 text-sm text-slate-500">No active tokens.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {tokens.map((t) => (
              <TokenRow key={t.id} token={t} now={now} />
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}

function TokenRow({ token: t, now }: { token: TokenView; now: string }) {
  const [result, revoke, revoking] = useActionState(revokeTokenAction, null);
  return (
    <li className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3" data-testid="token-row" data-name={t.name}>
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-medium">{t.name}</p>
        <p className="text-xs text-slate-500">
          <code className="font-mono">{t.prefix}…</code> · created <span title={formatDateTime(t.createdAt)}>{timeAgo(t.createdAt, now)}</span> · last used{" "}
          {t.lastUsedAt ? timeAgo(t.lastUsedAt, now) : "never"}
        </p>
        {result && !result.ok && <p className="text-xs text-red-700">{result.error}</p>}
      </div>
      <form action={revoke} onSubmit={(e) => !confirm(`Revoke “${t.name}”? Scripts using it stop working at once.`) && e.preventDefault()}>
        <input type="hidden" name="id" value={t.id} />
        <button type="submit" disabled={revoking} className={`${button} border border-red-200 bg-white text-red-700 hover:bg-red-50`}>
          Revoke
        </button>
      </form>
    </li>
  );
}

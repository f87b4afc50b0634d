import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { requirePageRole } from "@/lib/server/auth";
import { listApiTokens } from "@/lib/services/list-api-tokens";
import { requestOrigin } from "@/lib/server/page-origin";
import { TokensClient } from "./tokens-client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const me = await requirePageRole("viewer");
  const tokens = await listApiTokens(await getDb(), me.userId);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">API tokens</h1>
        <p className="mt-1 text-sm text-slate-600">
          For scripts and CI: send <code className="font-mono text-xs">Authorization: Bearer fpt_…</code>. A token acts as you, with your
          current role (<strong>{me.role}</strong>), until you revoke it. Only its hash is stored: it is shown once, when you create it.
        </p>
      </div>
      <TokensClient
        now={new Date().toISOString()}
        origin={await requestOrigin()}
        tokens={tokens.map((t) => ({ ...t, createdAt: t.createdAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null }))}
      />
    </div>
  );
}

import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { requirePageRole } from "@/lib/server/auth";
import { listAudit } from "@/lib/services/list-audit";
import { parseAuditQuery } from "@/components/audit/audit-query";
import { AuditClient } from "./audit-client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditPage({ searchParams }: Props) {
  await requirePageRole("admin");
  const sp = await searchParams;
  const query = parseAuditQuery((k) => {
    const v = sp[k];
    return Array.isArray(v) ? v[0] : v;
  });
  // One extra row tells whether an older page exists.
  const rows = await listAudit(await getDb(), {
    action: query.action || undefined,
    actor: query.actor || undefined,
    q: query.q || undefined,
    since: query.since ? new Date(`${query.since}T00:00:00Z`) : undefined,
    before: query.before ?? undefined,
    limit: query.limit + 1,
  });
  const entries = rows.slice(0, query.limit);
  return <AuditClient query={query} entries={entries} older={rows.length > query.limit ? entries[entries.length - 1].id : null} now={new Date().toISOString()} />;
}

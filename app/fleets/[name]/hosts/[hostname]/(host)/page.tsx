import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { requirePageRole } from "@/lib/server/auth";
import { getHost } from "@/lib/services/get-host";
import { listDriftSince } from "@/lib/services/list-drift-since";
import { listHostHistory } from "@/lib/services/list-host-history";
import { IdentityCard } from "@/components/host/identity-card";
import { ConfigsNotCollected } from "@/components/host/source-note";
import { HistoryTimeline } from "@/components/host/history-timeline";
import { driftItemId } from "@/components/host/drift-list";
import { Badge, StrategyBadge } from "@/components/ui/badge";
import { orNotFound } from "@/lib/server/load-or-404";
import { safeDecode } from "@/components/safe-decode";
import { HostAdminActions } from "@/components/host/host-admin-actions";
import { RequestRebuildButton } from "@/components/host/request-rebuild-button";
import { IdentityNote } from "@/components/host/identity-note";
import { CollectorErrors } from "@/components/host/collector-errors";
import { roleAtLeast } from "@/lib/server/principal";
import { deleteHostAction, revokeHostKeyAction } from "../actions";
import { adoptAction, waiveAction } from "../../../spec/actions";
import { HostClient } from "../host-client";
import { ScoreExplainer } from "@/components/host/score-explainer";
import { SNOWFLAKE_THRESHOLD } from "@/lib/core/snowflake";
import { Breadcrumb, fleetTrail } from "@/components/ui/breadcrumb";

export const dynamic = "force-dynamic";

const TIMELINE_ENTRIES = 50;

type Props = {
  params: Promise<{ name: string; hostname: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name, hostname } = await params;
  return { title: `${safeDecode(hostname)} · ${name}` };
}

export default async function HostPage({ params, searchParams }: Props) {
  const me = await requirePageRole("viewer");
  const { name, hostname: rawHostname } = await params;
  const filter = (await searchParams).filter;
  const hostname = safeDecode(rawHostname);
  const db = await getDb();
  const h = await orNotFound(getHost(db, hostname, name));
  const base = `/fleets/${encodeURIComponent(h.fleet.name)}/hosts/${encodeURIComponent(h.host.hostname)}`;
  const fp = h.fingerprint;
  const now = new Date().toISOString();
  // The timeline shows the newest changes with what each changed; the diff page compares any two points.
  const history = await listHostHistory(db, h.host.hostname, h.fleet.name, TIMELINE_ENTRIES);
  const dates = await listDriftSince(
    db,
    { id: h.host.id, fleetId: h.fleet.id, fingerprint: h.host.fingerprint, lastChanged: h.host.lastChanged ? new Date(h.host.lastChanged) : null, configsCollected: h.host.configsCollected },
    h.drift ?? [],
  );
  const since = Object.fromEntries((h.drift ?? []).map((it, i) => [driftItemId(it), dates[i].firstSeen]));
  const differs = Object.fromEntries(
    (h.drift ?? []).map((it, i) => [driftItemId(it), dates[i].differsSince ? { at: dates[i].differsSince!, version: dates[i].differsSinceVersion! } : null]),
  );

  return (
    <div className="space-y-6">
      <Breadcrumb trail={fleetTrail(h.fleet.name)} current={h.host.hostname} />
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{h.host.hostname}</h1>
        <StrategyBadge strategy={h.fleet.strategy} />
        {h.snowflake.isSnowflake && <Badge tone="violet">❄ snowflake</Badge>}
        {h.host.reporting === "not-reporting" && <Badge tone="red" title={`Not seen for longer than the fleet's reporting interval (${h.fleet.reportingIntervalMinutes} min)`}>not reporting</Badge>}
        {h.drift && h.drift.length > 0 && <Badge tone={h.drift.length > 5 ? "red" : "amber"}>{h.drift.length} drift items</Badge>}
        <span className="ml-auto flex items-start gap-2">
          {fp && (
            <Link href={`${base}/diff?against=spec`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50" data-testid="compare-link">
              Compare
            </Link>
          )}
          {fp && roleAtLeast(me.role, "operator") && <RequestRebuildButton fleet={h.fleet.name} hostname={h.host.hostname} clean={h.drift !== null && h.drift.length === 0} />}
          {roleAtLeast(me.role, "admin") && (
            <HostAdminActions fleet={h.fleet.name} hostname={h.host.hostname} keyRevoked={h.host.keyRevokedAt !== null} revokeKey={revokeHostKeyAction} deleteHost={deleteHostAction} />
          )}
        </span>
      </div>
      <IdentityNote keyRevokedAt={h.host.keyRevokedAt} last={h.lastIdentity} />
      <CollectorErrors errors={h.host.collectorErrors} />
      {!fp && (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          This host enrolled but has not sent a fingerprint yet. Run the agent on it (it reports right after enrolling), then reload.
        </p>
      )}
      <ConfigsNotCollected source={h.host.source} configsCollected={h.host.configsCollected} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <HostClient
          initialFilter={(Array.isArray(filter) ? filter[0] : filter) ?? ""}
          drift={h.drift}
          specVersion={h.fleet.specVersion}
          snowflake={h.snowflake}
          since={since}
          differs={differs}
          now={now}
          specActions={roleAtLeast(me.role, "operator") ? { fleet: h.fleet.name, hostname: h.host.hostname, adopt: adoptAction, waive: waiveAction } : undefined}
        />
        <div className="space-y-6">
          <IdentityCard
            now={now}
            host={{
              hostname: h.host.hostname,
              fleet: h.fleet.name,
              machineId: h.host.machineId,
              fingerprint: h.host.fingerprint,
              sharedBy: h.sharedBy,
              cohortHosts: h.cohortHosts,
              enrolledAt: h.host.enrolledAt,
              lastSeen: h.host.lastSeen,
              reporting: h.host.reporting,
              intervalMinutes: h.fleet.reportingIntervalMinutes,
              lastChanged: h.host.lastChanged,
              lastBuilt: h.host.lastBuilt,
              providerRef: h.host.providerRef,
              os: fp?.os ?? null,
              packages: fp?.packages.length ?? null,
              configs: fp?.configs.length ?? null,
              source: h.host.source,
              configsCollected: h.host.configsCollected,
            }}
          />
          <ScoreExplainer threshold={h.fleet.snowflakeThreshold ?? SNOWFLAKE_THRESHOLD} isDefault={h.fleet.snowflakeThreshold === null} />
          <HistoryTimeline entries={history.entries} total={history.total} diffBase={`${base}/diff`} current={h.host.fingerprint} />
        </div>
      </div>
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { requirePageRole } from "@/lib/server/auth";
import { roleAtLeast } from "@/lib/server/principal";
import { findFleet } from "@/lib/services/find-fleet";
import { summarizeFleet } from "@/lib/services/list-fleets";
import { listHosts } from "@/lib/services/list-hosts";
import { getSpec, listSpecVersions } from "@/lib/services/get-spec";
import { FleetHeader } from "@/components/fleet/fleet-header";
import { SpecPanel } from "@/components/fleet/spec-panel";
import { EnrollSteps } from "@/components/enroll-steps";
import { Card, CardHeader } from "@/components/ui/stat";
import { orNotFound, orNull } from "@/lib/server/load-or-404";
import { requestOrigin } from "@/lib/server/page-origin";
import { PAGE_SIZE, pageCount, parseHostQuery } from "@/components/fleet/host-query";
import { FleetClient } from "../fleet-client";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { FLEET_PAGE_DRIFT_ROWS, parseFleetDriftQuery, parseItemParam } from "@/lib/core/fleet-drift";
import { listFleetDrift } from "@/lib/services/list-fleet-drift";
import { FleetDriftSection } from "../fleet-drift-section";
import { adoptValueAction, waiveAction } from "../spec/actions";
import { listImages } from "@/lib/services/list-images";
import { FleetImages } from "@/components/fleet/fleet-images";
import { publishImageAction } from "../image-actions";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ name: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { name } = await params;
  const sp = await searchParams;
  const q = parseHostQuery((k) => {
    const v = sp[k];
    return Array.isArray(v) ? v[0] : v;
  });
  const bits = [q.snowflake && "snowflakes", q.drifted && "drifted", q.reporting === "not-reporting" && "not reporting"].filter(Boolean);
  return { title: `${name}${bits.length ? ` (${bits.join(", ")})` : ""} · fleet` };
}

export default async function FleetPage({ params, searchParams }: Props) {
  const me = await requirePageRole("viewer");
  const operator = roleAtLeast(me.role, "operator");
  const { name } = await params;
  const sp = await searchParams;
  const param = (k: string) => {
    const v = sp[k];
    return Array.isArray(v) ? v[0] : v;
  };
  const query = parseHostQuery(param);
  const driftQuery = parseFleetDriftQuery(param);
  const db = await getDb();
  const now = new Date();
  const fleet = await orNotFound(findFleet(db, name));
  const summary = await summarizeFleet(db, fleet, now);
  // One page of rows leaves the server, never the fleet: filters, sort and paging run in SQL. The checkboxes only
  // narrow (unchecked means "any"), hence undefined rather than false.
  const filter = {
    fleet: fleet.name,
    q: query.q || undefined,
    drifted: query.drifted || undefined,
    snowflake: query.snowflake || undefined,
    reporting: query.reporting ?? undefined,
    source: query.source ?? undefined,
    item: parseItemParam(query.item) ?? undefined,
    sort: query.sort,
    dir: query.dir,
    limit: PAGE_SIZE,
  };
  let listed = await listHosts(db, { ...filter, offset: (query.page - 1) * PAGE_SIZE });
  if (listed.hosts.length === 0 && listed.total > 0) {
    // Past the end (hosts went away, or an old link): show the last page rather than an empty table.
    query.page = pageCount(listed.total);
    listed = await listHosts(db, { ...filter, offset: (query.page - 1) * PAGE_SIZE });
  }
  // Fleet-wide badge counts, whatever the filters, from the summary's drift counts: a host is drifted when its
  // current count is above zero, as the drifted filter has it (one still being analysed counts in neither).
  const driftedHosts = summary.histogram.reduce((n, b) => n + b.hosts, 0) - (summary.conforming ?? 0);
  const { kind, direction, q: subject, sort, dir, page } = driftQuery;
  const drift = await listFleetDrift(db, fleet.name, { kind: kind ?? undefined, direction: direction ?? undefined, q: subject, sort, dir, limit: FLEET_PAGE_DRIFT_ROWS, offset: (page - 1) * FLEET_PAGE_DRIFT_ROWS });
  const versions = await listSpecVersions(db, fleet.name);
  const spec = await orNull(getSpec(db, fleet.name));
  const origin = await requestOrigin();
  const images = await listImages(db, { fleet: fleet.name, limit: 10 });

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Breadcrumb trail={[{ href: "/", label: "Overview" }]} current={fleet.name} />
        <div className="flex flex-wrap gap-4">
          <Link href={`/fleets/${encodeURIComponent(fleet.name)}/policy`} className="text-sm font-medium text-blue-700 hover:underline" data-testid="fleet-policy-link">
            Rebuild policy →
          </Link>
          <Link href={`/fleets/${encodeURIComponent(fleet.name)}/alerts`} className="text-sm font-medium text-blue-700 hover:underline" data-testid="fleet-alerts-link">
            Alerts and delivery log →
          </Link>
        </div>
      </div>
      <FleetHeader fleet={summary} />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,1fr)_24rem]">
        <Card testId="hosts-card">
          <CardHeader title="Hosts" />
          {summary.hosts === 0 ? (
            <div className="p-4" data-testid="empty-fleet">
              <p className="mb-4 text-sm text-slate-600">
                No host has enrolled in <strong>{fleet.name}</strong> yet. Create an enroll secret, then run the agent on each server.
              </p>
              <EnrollSteps origin={origin} fleet={fleet.name} includeCreateFleet={false} />
            </div>
          ) : (
            // Keyed by the fleet only: the selection must survive the re-render each filter, sort or page change brings.
            <FleetClient
              key={fleet.name}
              fleet={fleet.name}
              hosts={listed.hosts}
              total={listed.total}
              counts={{ hosts: summary.hosts, drifted: driftedHosts, snowflakes: summary.snowflakes, notReporting: summary.notReporting }}
              query={query}
              now={now.toISOString()}
              intervalMinutes={fleet.reportingIntervalMinutes}
              canRequest={operator}
            />
          )}
        </Card>
        <div className="space-y-6">
          <SpecPanel
            fleet={fleet.name}
            origin={origin}
            spec={spec && { version: spec.version, source: spec.source, createdAt: spec.createdAt, yaml: spec.yaml }}
            versions={versions}
          />
          <Card testId="images-card">
            <CardHeader title="Images" />
            <FleetImages fleet={fleet.name} images={images.images} total={images.total} currentDigest={versions.find((v) => v.version === spec?.version)?.imageDigest ?? null} publish={operator ? publishImageAction : undefined} />
          </Card>
        </div>
      </div>
      {summary.hosts > 0 && (
        <Card testId="fleet-drift-card">
          <CardHeader title="Drift by item" />
          <FleetDriftSection fleet={fleet.name} items={drift.items} total={drift.total} hosts={drift.hosts} specVersion={drift.specVersion} query={driftQuery} canRequest={operator} specActions={operator ? { adoptValue: adoptValueAction, waive: waiveAction } : undefined} />
        </Card>
      )}
    </div>
  );
}

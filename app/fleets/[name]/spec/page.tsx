import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { requirePageRole } from "@/lib/server/auth";
import { roleAtLeast } from "@/lib/server/principal";
import { diffSpecVersions } from "@/lib/services/diff-spec-versions";
import { findFleet } from "@/lib/services/find-fleet";
import { getSpec, listSpecVersions } from "@/lib/services/get-spec";
import { waiverStatuses } from "@/lib/core/waivers";
import { listHosts } from "@/lib/services/list-hosts";
import { orNotFound } from "@/lib/server/load-or-404";
import { Breadcrumb, fleetTrail } from "@/components/ui/breadcrumb";
import { captureYamlAction, editSpecAction, revokeWaiverAction } from "./actions";
import { SpecClient } from "./spec-client";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ name: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${(await params).name} · spec` };
}

const version = (v: string | string[] | undefined) => {
  const n = Number(Array.isArray(v) ? v[0] : v);
  return Number.isInteger(n) && n > 0 ? n : null;
};

export default async function SpecPage({ params, searchParams }: Props) {
  const me = await requirePageRole("viewer");
  const { name } = await params;
  const q = await searchParams;
  const db = await getDb();
  const fleet = await orNotFound(findFleet(db, name));
  // The waivers come from this read of the current spec: a body can be megabytes, read once per render.
  const current = fleet.specVersion === null ? null : await getSpec(db, fleet.name);
  const versions = await listSpecVersions(db, fleet.name);
  const hosts = (await listHosts(db, { fleet: fleet.name, limit: 500 })).hosts.filter((h) => h.fingerprint).map((h) => h.hostname);
  const from = version(q.from);
  const to = version(q.to);
  const diff = from && to ? await diffSpecVersions(db, fleet.name, from, to).catch(() => null) : null;
  return (
    <div className="space-y-6">
      <Breadcrumb trail={fleetTrail(fleet.name)} current="Spec" />
      <h1 className="text-2xl font-semibold tracking-tight">
        Spec of {fleet.name} {current ? <span className="font-mono text-lg text-slate-500">v{current.version}</span> : null}
      </h1>
      <SpecClient
        fleet={fleet.name}
        yaml={current?.yaml ?? "packages:\n  mode: allow-extras\n  pins: {}\n"}
        baseVersion={current?.version ?? null}
        canEdit={roleAtLeast(me.role, "operator")}
        hosts={hosts}
        versions={versions}
        waivers={waiverStatuses(current?.spec.waivers, new Date())}
        from={from}
        to={to}
        diff={diff && { summary: diff.summary, lines: diff.lines }}
        edit={editSpecAction}
        captureYaml={captureYamlAction}
        revoke={revokeWaiverAction}
      />
    </div>
  );
}

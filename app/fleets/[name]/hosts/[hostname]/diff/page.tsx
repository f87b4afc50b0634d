import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { requirePageRole } from "@/lib/server/auth";
import { findHost } from "@/lib/services/get-host";
import { diffHost, type HostDiff } from "@/lib/services/diff-host";
import { listComparableHosts, listHistoryPoints } from "@/lib/services/ui-diff";
import { AppError } from "@/lib/server/errors";
import { flagOr } from "@/lib/core/query-flag";
import { Card } from "@/components/ui/stat";
import { formatDateTime } from "@/components/format";
import { orNotFound } from "@/lib/server/load-or-404";
import { safeDecode } from "@/components/safe-decode";
import type { DiffRowView } from "@/components/diff/diff-table";
import { HistoryPicker } from "@/components/diff/history-picker";
import { DiffClient } from "./diff-client";
import { Breadcrumb, fleetTrail } from "@/components/ui/breadcrumb";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ name: string; hostname: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { name, hostname } = await params;
  const sp = await searchParams;
  const against = one(sp.from) && one(sp.to) ? "history" : one(sp.against) || "spec";
  const other = against.startsWith("host:") ? against.slice(5) : against === "spec" ? "spec" : "history";
  return { title: `${safeDecode(hostname)} vs ${other} · ${name}` };
}

/** A history point by its date; `ref` may be a hash or a prefix the service resolved (then the service's name stays). */
function pointLabel(points: { hash: string; at: string }[], ref: string, fallback: string, side: string): string {
  const p = points.findLast((x) => x.hash === ref || (ref.length >= 12 && x.hash.startsWith(ref)));
  return p ? `${formatDateTime(p.at)} (${side})` : fallback;
}

export default async function DiffPage({ params, searchParams }: Props) {
  await requirePageRole("viewer");
  const { name, hostname: raw } = await params;
  const sp = await searchParams;
  const hostname = safeDecode(raw);
  const from = one(sp.from);
  const to = one(sp.to);
  const history = Boolean(from && to);
  const against = history ? "history" : one(sp.against) || "spec";
  const db = await getDb();
  const { host, fleet } = await orNotFound(findHost(db, hostname, name));
  const points = await listHistoryPoints(db, host.id, { hash: host.fingerprintHash, since: host.lastChanged ?? host.enrolledAt });
  const hostHref = `/fleets/${encodeURIComponent(fleet.name)}/hosts/${encodeURIComponent(host.hostname)}`;

  // Expected problems (no spec yet, other host not reporting, bad input) are explained on the page, not as errors.
  let result: (Pick<HostDiff, "left" | "right" | "summary"> & { rows: DiffRowView[] }) | null = null;
  let problem: { message: string; hosts: string[] } | null = null;
  try {
    const r = await diffHost(db, host.hostname, fleet.name, history ? { from, to } : { against });
    // History is titled by when the host had each content ("2026-11-02 14:00 UTC"), not by hashes.
    const left = history ? { ...r.left, name: pointLabel(points, from, r.left.name, "before") } : r.left;
    const right = history ? { ...r.right, name: pointLabel(points, to, r.right.name, "after") } : r.right;
    result = { left, right, summary: r.summary, rows: r.rows.map((x) => ({ section: x.section, key: x.key, left: x.left, right: x.right, status: x.status })) };
  } catch (e) {
    if (!(e instanceof AppError) || (e.code !== "not_found" && e.code !== "bad_request" && e.code !== "conflict")) throw e;
    // Only a problem offers other hosts, so only then are a few read (a fleet can have thousands).
    problem = { message: e.message, hosts: await listComparableHosts(db, fleet.name, host.hostname, 5) };
  }

  return (
    <div className="space-y-4">
      <Breadcrumb trail={[...fleetTrail(fleet.name), { href: hostHref, label: host.hostname }]} current="diff" />
      <h1 className="text-2xl font-semibold tracking-tight">
        {result ? (
          <>
            {result.left.name} <span className="text-slate-400">vs</span> {result.right.name}
          </>
        ) : (
          `Compare ${host.hostname}`
        )}
      </h1>
      <Card testId="diff-card">
        {result ? (
          <DiffClient
            initial={{ all: flagOr(one(sp.all)), status: one(sp.status), q: one(sp.q) }}
            host={{ hostname: host.hostname, fleet: fleet.name }} target={history ? { from, to } : { against }}
            leftLabel={result.left.name} rightLabel={result.right.name} rows={result.rows} summary={result.summary.text}
            history={{ action: `${hostHref}/diff`, points, from, to }} />
        ) : (
          <div className="space-y-3 p-4 text-sm" data-testid="diff-problem">
            <p className="text-slate-700">{problem?.message}</p>
            <HistoryPicker action={`${hostHref}/diff`} points={points} from={from} to={to} />
            <p className="text-slate-500">
              Pick something else to compare with:{" "}
              {problem?.hosts.map((h) => (
                <Link key={h} href={`${hostHref}/diff?against=host:${encodeURIComponent(h)}`} className="mr-2 text-blue-700 hover:underline">{h}</Link>
              ))}
            </p>
          </div>
        )}
      </Card>
    </div>
  );
}

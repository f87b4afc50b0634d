import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { requirePageRole } from "@/lib/server/auth";
import { roleAtLeast } from "@/lib/server/principal";
import { fleetNameSchema } from "@/lib/server/validate";
import { listRebuilds } from "@/lib/services/get-rebuild";
import { listFleetNav } from "@/lib/services/ui-fleet-nav";
import { TABS, parseTab } from "@/components/rebuilds/status";
import { listHostsDrift } from "@/lib/services/list-hosts-drift";
import { RebuildQueue } from "../queue-client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Rebuilds" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const HISTORY_SHOWN = 100;

export default async function RebuildsPage({ searchParams }: Props) {
  const me = await requirePageRole("viewer");
  const sp = await searchParams;
  const tab = parseTab(first(sp.status));
  const fleetParam = fleetNameSchema.safeParse(first(sp.fleet));
  const fleet = fleetParam.success ? fleetParam.data : undefined;
  const db = await getDb();
  const [pending, running, history] = TABS;
  // Open requests are few and all counted; history only shows its latest page.
  const answers = { answers: roleAtLeast(me.role, "admin") }; // what remote receivers said: admins only
  const open = await listRebuilds(db, { status: [...pending.statuses, ...running.statuses], fleet, limit: 1000 }, answers);
  const done = await listRebuilds(db, { status: [...history.statuses], fleet, limit: HISTORY_SHOWN }, answers);
  const inTab = (t: (typeof TABS)[number]) => [...open, ...done].filter((r) => (t.statuses as readonly string[]).includes(r.status));
  const shown = inTab(TABS.find((t) => t.key === tab)!);
  const drift = tab === "pending" ? await listHostsDrift(db, shown.map((r) => ({ fleet: r.fleet, hostnames: r.hosts.map((h) => h.hostname) }))) : {};
  const fleets = (await listFleetNav(db)).map((f) => f.name);

  return (
    <RebuildQueue
      tab={tab}
      fleet={fleet ?? null}
      fleets={fleets}
      counts={{ pending: inTab(pending).length, running: inTab(running).length, history: done.length }}
      historyCapped={done.length >= HISTORY_SHOWN}
      requests={shown}
      drift={drift}
      me={{ userId: me.userId, role: me.role }}
      now={new Date().toISOString()}
    />
  );
}

import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { DELIVERY_STATUSES, type DeliveryStatus } from "@/lib/core/alert-kinds";
import { requirePageRole } from "@/lib/server/auth";
import { roleAtLeast } from "@/lib/server/principal";
import { findFleet } from "@/lib/services/find-fleet";
import { listAlertChannels } from "@/lib/services/list-alert-channels";
import { listAlertDeliveries } from "@/lib/services/list-alert-deliveries";
import { orNotFound } from "@/lib/server/load-or-404";
import { AlertsClient } from "./alerts-client";
import { createChannelAction, deleteChannelAction, setChannelEnabledAction, testChannelAction } from "./actions";
import { Breadcrumb, fleetTrail } from "@/components/ui/breadcrumb";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ name: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const LOG_SHOWN = 100;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${(await params).name} · alerts` };
}

export default async function AlertsPage({ params, searchParams }: Props) {
  const me = await requirePageRole("viewer");
  const { name } = await params;
  const raw = (await searchParams).status;
  const wanted = Array.isArray(raw) ? raw[0] : raw;
  const status = (DELIVERY_STATUSES as readonly string[]).includes(wanted ?? "") ? (wanted as DeliveryStatus) : null;
  const db = await getDb();
  const fleet = await orNotFound(findFleet(db, name));
  const channels = await listAlertChannels(db, fleet.name);
  const deliveries = await listAlertDeliveries(db, fleet.name, { status: status ?? undefined, limit: LOG_SHOWN }, { answers: roleAtLeast(me.role, "admin") });

  return (
    <div className="space-y-6">
      <Breadcrumb trail={fleetTrail(fleet.name)} current="Alerts" />
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Alerts for {fleet.name}</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Fleetprint posts to these webhooks when a host starts to drift from the spec, a new snowflake appears, a rebuild needs approval or a
          rebuild fails. Events of one window travel as one message; a receiver that fails is retried with backoff (30 s, 2 min, 8 min… six
          attempts, or when its Retry-After says).
        </p>
      </div>
      <AlertsClient
        fleet={fleet.name}
        channels={channels}
        deliveries={deliveries}
        status={status}
        logCapped={deliveries.length >= LOG_SHOWN}
        canEdit={roleAtLeast(me.role, "admin")}
        now={new Date().toISOString()}
        actions={{ create: createChannelAction, setEnabled: setChannelEnabledAction, remove: deleteChannelAction, test: testChannelAction }}
      />
    </div>
  );
}

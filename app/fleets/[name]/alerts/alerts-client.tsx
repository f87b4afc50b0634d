"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import type { DeliveryStatus } from "@/lib/core/alert-kinds";
import type { ChannelView } from "@/lib/services/list-alert-channels";
import type { DeliveryView } from "@/lib/services/list-alert-deliveries";
import { ChannelList, type ChannelActions } from "@/components/alerts/channel-list";
import { DeliveryLog } from "@/components/alerts/delivery-log";
import { NewChannelForm, type CreatedChannel } from "@/components/alerts/new-channel-form";
import type { FormAction } from "@/components/form-action";
import { Card, CardHeader } from "@/components/ui/stat";

interface Props {
  fleet: string;
  channels: ChannelView[];
  deliveries: DeliveryView[];
  status: DeliveryStatus | null;
  logCapped: boolean;
  canEdit: boolean;
  now: string;
  /** The page's server actions, for the forms below (components/ never imports app/). */
  actions: ChannelActions & { create: FormAction<CreatedChannel> };
}

// Retries happen in the background: the log re-reads the server every 15 s while the tab is visible.
export function AlertsClient({ fleet, channels, deliveries, status, logCapped, canEdit, now, actions }: Props) {
  const router = useRouter();
  useEffect(() => {
    const t = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, 15_000);
    return () => clearInterval(t);
  }, [router]);

  return (
    <div className="space-y-6">
      <Card testId="alert-channels">
        <CardHeader title={`Channels (${channels.length})`} />
        <ChannelList fleet={fleet} channels={channels} canEdit={canEdit} actions={actions} />
      </Card>
      {canEdit && (
        <Card testId="add-channel">
          <CardHeader title="Add a channel" />
          <NewChannelForm fleet={fleet} create={actions.create} />
        </Card>
      )}
      <Card testId="delivery-card">
        <CardHeader title="Delivery log">{logCapped && <span className="text-xs text-slate-500">latest {deliveries.length}</span>}</CardHeader>
        <DeliveryLog fleet={fleet} deliveries={deliveries} status={status} now={now} />
      </Card>
    </div>
  );
}

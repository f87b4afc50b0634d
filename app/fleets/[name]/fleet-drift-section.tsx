"use client";

import type { ComponentProps } from "react";
import { FleetDriftTable } from "@/components/fleet/fleet-drift-table";
import { DriftRebuildAction } from "@/components/fleet/drift-rebuild-action";
import type { FleetDriftBulkAction } from "@/components/fleet/fleet-drift-bulk-bar";

type Props = Omit<ComponentProps<typeof FleetDriftTable>, "actions"> & { canRequest: boolean };

// The bulk actions of the fleet drift table, composed here so each is one entry: the page passes what they need
// (roles, server actions) as props. Waive and accept-into-spec join as two more entries.
export function FleetDriftSection({ canRequest, ...table }: Props) {
  const actions: FleetDriftBulkAction[] = [];
  if (canRequest)
    actions.push({
      id: "rebuild",
      label: "Request rebuild…",
      render: ({ fleet, items, close }) => <DriftRebuildAction key={items.map((i) => `${i.kind}:${i.subject}`).join("\n")} fleet={fleet} items={items} close={close} />,
    });
  return <FleetDriftTable {...table} actions={actions} />;
}

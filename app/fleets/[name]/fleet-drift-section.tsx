"use client";

import type { ComponentProps } from "react";
import { itemParam, type FleetDriftRow } from "@/lib/core/fleet-drift";
import { FleetDriftTable } from "@/components/fleet/fleet-drift-table";
import { DriftRebuildAction } from "@/components/fleet/drift-rebuild-action";
import type { FleetDriftBulkAction } from "@/components/fleet/fleet-drift-bulk-bar";
import { AcceptValuePanel, oneItemOnly, WaiveItemPanel, type FleetSpecActions } from "@/components/fleet/drift-spec-actions";

type Props = Omit<ComponentProps<typeof FleetDriftTable>, "actions"> & { canRequest: boolean; specActions?: FleetSpecActions };

/** A panel keyed by its items starts afresh when the selection it was opened for changes. */
const keyOf = (items: readonly FleetDriftRow[]) => items.map((i) => itemParam(i.kind, i.subject)).join("\n");

// The bulk actions of the fleet drift table, composed here so each is one entry: the page passes what they need
// (roles, server actions) as props: spec actions arrive only for those who may save specs.
export function FleetDriftSection({ canRequest, specActions, ...table }: Props) {
  const actions: FleetDriftBulkAction[] = [];
  if (canRequest)
    actions.push({
      id: "rebuild",
      label: "Request rebuild…",
      render: ({ fleet, items, close }) => <DriftRebuildAction key={keyOf(items)} fleet={fleet} items={items} close={close} />,
    });
  if (specActions)
    actions.push(
      { id: "accept", label: "Accept into spec…", disabledReason: oneItemOnly, render: ({ fleet, items }) => <AcceptValuePanel key={keyOf(items)} fleet={fleet} item={items[0]} actions={specActions} /> },
      { id: "waive", label: "Waive…", disabledReason: oneItemOnly, render: ({ fleet, items }) => <WaiveItemPanel key={keyOf(items)} fleet={fleet} item={items[0]} actions={specActions} /> },
    );
  return <FleetDriftTable {...table} actions={actions} />;
}
